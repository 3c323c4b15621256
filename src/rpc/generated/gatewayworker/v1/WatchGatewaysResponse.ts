// Original file: proto/gatewayworker/v1/register.proto

import type { GatewayInfo as _gatewayworker_v1_GatewayInfo, GatewayInfo__Output as _gatewayworker_v1_GatewayInfo__Output } from '../../gatewayworker/v1/GatewayInfo';
import type { Long } from '@grpc/proto-loader';

export interface WatchGatewaysResponse {
  'register_instance_id'?: (string);
  'version'?: (number | string | Long);
  'gateways'?: (_gatewayworker_v1_GatewayInfo)[];
}

export interface WatchGatewaysResponse__Output {
  'register_instance_id'?: (string);
  'version'?: (string);
  'gateways'?: (_gatewayworker_v1_GatewayInfo__Output)[];
}
