import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AnnounceRequest as _gatewayworker_v1_AnnounceRequest, AnnounceRequest__Output as _gatewayworker_v1_AnnounceRequest__Output } from './gatewayworker/v1/AnnounceRequest';
import type { AnnounceResponse as _gatewayworker_v1_AnnounceResponse, AnnounceResponse__Output as _gatewayworker_v1_AnnounceResponse__Output } from './gatewayworker/v1/AnnounceResponse';
import type { GatewayInfo as _gatewayworker_v1_GatewayInfo, GatewayInfo__Output as _gatewayworker_v1_GatewayInfo__Output } from './gatewayworker/v1/GatewayInfo';
import type { ListGatewaysRequest as _gatewayworker_v1_ListGatewaysRequest, ListGatewaysRequest__Output as _gatewayworker_v1_ListGatewaysRequest__Output } from './gatewayworker/v1/ListGatewaysRequest';
import type { ListGatewaysResponse as _gatewayworker_v1_ListGatewaysResponse, ListGatewaysResponse__Output as _gatewayworker_v1_ListGatewaysResponse__Output } from './gatewayworker/v1/ListGatewaysResponse';
import type { RegisterClient as _gatewayworker_v1_RegisterClient, RegisterDefinition as _gatewayworker_v1_RegisterDefinition } from './gatewayworker/v1/Register';
import type { WatchGatewaysRequest as _gatewayworker_v1_WatchGatewaysRequest, WatchGatewaysRequest__Output as _gatewayworker_v1_WatchGatewaysRequest__Output } from './gatewayworker/v1/WatchGatewaysRequest';
import type { WatchGatewaysResponse as _gatewayworker_v1_WatchGatewaysResponse, WatchGatewaysResponse__Output as _gatewayworker_v1_WatchGatewaysResponse__Output } from './gatewayworker/v1/WatchGatewaysResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  gatewayworker: {
    v1: {
      AnnounceRequest: MessageTypeDefinition<_gatewayworker_v1_AnnounceRequest, _gatewayworker_v1_AnnounceRequest__Output>
      AnnounceResponse: MessageTypeDefinition<_gatewayworker_v1_AnnounceResponse, _gatewayworker_v1_AnnounceResponse__Output>
      GatewayInfo: MessageTypeDefinition<_gatewayworker_v1_GatewayInfo, _gatewayworker_v1_GatewayInfo__Output>
      ListGatewaysRequest: MessageTypeDefinition<_gatewayworker_v1_ListGatewaysRequest, _gatewayworker_v1_ListGatewaysRequest__Output>
      ListGatewaysResponse: MessageTypeDefinition<_gatewayworker_v1_ListGatewaysResponse, _gatewayworker_v1_ListGatewaysResponse__Output>
      Register: SubtypeConstructor<typeof grpc.Client, _gatewayworker_v1_RegisterClient> & { service: _gatewayworker_v1_RegisterDefinition }
      WatchGatewaysRequest: MessageTypeDefinition<_gatewayworker_v1_WatchGatewaysRequest, _gatewayworker_v1_WatchGatewaysRequest__Output>
      WatchGatewaysResponse: MessageTypeDefinition<_gatewayworker_v1_WatchGatewaysResponse, _gatewayworker_v1_WatchGatewaysResponse__Output>
    }
  }
}

