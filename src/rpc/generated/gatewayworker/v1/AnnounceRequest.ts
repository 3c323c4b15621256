// Original file: proto/gatewayworker/v1/register.proto

import type { GatewayInfo as _gatewayworker_v1_GatewayInfo, GatewayInfo__Output as _gatewayworker_v1_GatewayInfo__Output } from '../../gatewayworker/v1/GatewayInfo';

export interface AnnounceRequest {
  'gateway'?: (_gatewayworker_v1_GatewayInfo | null);
}

export interface AnnounceRequest__Output {
  'gateway'?: (_gatewayworker_v1_GatewayInfo__Output);
}
