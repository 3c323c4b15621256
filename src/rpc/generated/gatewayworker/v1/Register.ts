// Original file: proto/gatewayworker/v1/register.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AnnounceRequest as _gatewayworker_v1_AnnounceRequest, AnnounceRequest__Output as _gatewayworker_v1_AnnounceRequest__Output } from '../../gatewayworker/v1/AnnounceRequest';
import type { AnnounceResponse as _gatewayworker_v1_AnnounceResponse, AnnounceResponse__Output as _gatewayworker_v1_AnnounceResponse__Output } from '../../gatewayworker/v1/AnnounceResponse';
import type { ListGatewaysRequest as _gatewayworker_v1_ListGatewaysRequest, ListGatewaysRequest__Output as _gatewayworker_v1_ListGatewaysRequest__Output } from '../../gatewayworker/v1/ListGatewaysRequest';
import type { ListGatewaysResponse as _gatewayworker_v1_ListGatewaysResponse, ListGatewaysResponse__Output as _gatewayworker_v1_ListGatewaysResponse__Output } from '../../gatewayworker/v1/ListGatewaysResponse';
import type { WatchGatewaysRequest as _gatewayworker_v1_WatchGatewaysRequest, WatchGatewaysRequest__Output as _gatewayworker_v1_WatchGatewaysRequest__Output } from '../../gatewayworker/v1/WatchGatewaysRequest';
import type { WatchGatewaysResponse as _gatewayworker_v1_WatchGatewaysResponse, WatchGatewaysResponse__Output as _gatewayworker_v1_WatchGatewaysResponse__Output } from '../../gatewayworker/v1/WatchGatewaysResponse';

export interface RegisterClient extends grpc.Client {
  Announce(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_gatewayworker_v1_AnnounceRequest, _gatewayworker_v1_AnnounceResponse__Output>;
  Announce(options?: grpc.CallOptions): grpc.ClientDuplexStream<_gatewayworker_v1_AnnounceRequest, _gatewayworker_v1_AnnounceResponse__Output>;
  announce(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_gatewayworker_v1_AnnounceRequest, _gatewayworker_v1_AnnounceResponse__Output>;
  announce(options?: grpc.CallOptions): grpc.ClientDuplexStream<_gatewayworker_v1_AnnounceRequest, _gatewayworker_v1_AnnounceResponse__Output>;
  
  ListGateways(argument: _gatewayworker_v1_ListGatewaysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_ListGatewaysResponse__Output>): grpc.ClientUnaryCall;
  ListGateways(argument: _gatewayworker_v1_ListGatewaysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_ListGatewaysResponse__Output>): grpc.ClientUnaryCall;
  ListGateways(argument: _gatewayworker_v1_ListGatewaysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_ListGatewaysResponse__Output>): grpc.ClientUnaryCall;
  ListGateways(argument: _gatewayworker_v1_ListGatewaysRequest, callback: grpc.requestCallback<_gatewayworker_v1_ListGatewaysResponse__Output>): grpc.ClientUnaryCall;
  listGateways(argument: _gatewayworker_v1_ListGatewaysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_ListGatewaysResponse__Output>): grpc.ClientUnaryCall;
  listGateways(argument: _gatewayworker_v1_ListGatewaysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_gatewayworker_v1_ListGatewaysResponse__Output>): grpc.ClientUnaryCall;
  listGateways(argument: _gatewayworker_v1_ListGatewaysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_gatewayworker_v1_ListGatewaysResponse__Output>): grpc.ClientUnaryCall;
  listGateways(argument: _gatewayworker_v1_ListGatewaysRequest, callback: grpc.requestCallback<_gatewayworker_v1_ListGatewaysResponse__Output>): grpc.ClientUnaryCall;
  
  WatchGateways(argument: _gatewayworker_v1_WatchGatewaysRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_gatewayworker_v1_WatchGatewaysResponse__Output>;
  WatchGateways(argument: _gatewayworker_v1_WatchGatewaysRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_gatewayworker_v1_WatchGatewaysResponse__Output>;
  watchGateways(argument: _gatewayworker_v1_WatchGatewaysRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_gatewayworker_v1_WatchGatewaysResponse__Output>;
  watchGateways(argument: _gatewayworker_v1_WatchGatewaysRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_gatewayworker_v1_WatchGatewaysResponse__Output>;
  
}

export interface RegisterHandlers extends grpc.UntypedServiceImplementation {
  Announce: grpc.handleBidiStreamingCall<_gatewayworker_v1_AnnounceRequest__Output, _gatewayworker_v1_AnnounceResponse>;
  
  ListGateways: grpc.handleUnaryCall<_gatewayworker_v1_ListGatewaysRequest__Output, _gatewayworker_v1_ListGatewaysResponse>;
  
  WatchGateways: grpc.handleServerStreamingCall<_gatewayworker_v1_WatchGatewaysRequest__Output, _gatewayworker_v1_WatchGatewaysResponse>;
  
}

export interface RegisterDefinition extends grpc.ServiceDefinition {
  Announce: MethodDefinition<_gatewayworker_v1_AnnounceRequest, _gatewayworker_v1_AnnounceResponse, _gatewayworker_v1_AnnounceRequest__Output, _gatewayworker_v1_AnnounceResponse__Output>
  ListGateways: MethodDefinition<_gatewayworker_v1_ListGatewaysRequest, _gatewayworker_v1_ListGatewaysResponse, _gatewayworker_v1_ListGatewaysRequest__Output, _gatewayworker_v1_ListGatewaysResponse__Output>
  WatchGateways: MethodDefinition<_gatewayworker_v1_WatchGatewaysRequest, _gatewayworker_v1_WatchGatewaysResponse, _gatewayworker_v1_WatchGatewaysRequest__Output, _gatewayworker_v1_WatchGatewaysResponse__Output>
}
