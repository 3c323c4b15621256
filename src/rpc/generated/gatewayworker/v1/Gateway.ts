// Original file: proto/gatewayworker/v1/gateway.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ConnectRequest as _gatewayworker_v1_ConnectRequest, ConnectRequest__Output as _gatewayworker_v1_ConnectRequest__Output } from '../../gatewayworker/v1/ConnectRequest';
import type { ConnectResponse as _gatewayworker_v1_ConnectResponse, ConnectResponse__Output as _gatewayworker_v1_ConnectResponse__Output } from '../../gatewayworker/v1/ConnectResponse';

export interface GatewayClient extends grpc.Client {
  Connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_gatewayworker_v1_ConnectRequest, _gatewayworker_v1_ConnectResponse__Output>;
  Connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_gatewayworker_v1_ConnectRequest, _gatewayworker_v1_ConnectResponse__Output>;
  connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_gatewayworker_v1_ConnectRequest, _gatewayworker_v1_ConnectResponse__Output>;
  connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_gatewayworker_v1_ConnectRequest, _gatewayworker_v1_ConnectResponse__Output>;
  
}

export interface GatewayHandlers extends grpc.UntypedServiceImplementation {
  Connect: grpc.handleBidiStreamingCall<_gatewayworker_v1_ConnectRequest__Output, _gatewayworker_v1_ConnectResponse>;
  
}

export interface GatewayDefinition extends grpc.ServiceDefinition {
  Connect: MethodDefinition<_gatewayworker_v1_ConnectRequest, _gatewayworker_v1_ConnectResponse, _gatewayworker_v1_ConnectRequest__Output, _gatewayworker_v1_ConnectResponse__Output>
}
