// Original file: proto/gatewayworker/v1/gateway.proto

import type { GatewayWelcome as _gatewayworker_v1_GatewayWelcome, GatewayWelcome__Output as _gatewayworker_v1_GatewayWelcome__Output } from '../../gatewayworker/v1/GatewayWelcome';
import type { ClientEvent as _gatewayworker_v1_ClientEvent, ClientEvent__Output as _gatewayworker_v1_ClientEvent__Output } from '../../gatewayworker/v1/ClientEvent';
import type { Reply as _gatewayworker_v1_Reply, Reply__Output as _gatewayworker_v1_Reply__Output } from '../../gatewayworker/v1/Reply';

export interface ConnectResponse {
  'welcome'?: (_gatewayworker_v1_GatewayWelcome | null);
  'events'?: (_gatewayworker_v1_ClientEvent)[];
  'replies'?: (_gatewayworker_v1_Reply)[];
  'drained'?: (boolean);
}

export interface ConnectResponse__Output {
  'welcome'?: (_gatewayworker_v1_GatewayWelcome__Output);
  'events'?: (_gatewayworker_v1_ClientEvent__Output)[];
  'replies'?: (_gatewayworker_v1_Reply__Output)[];
  'drained'?: (boolean);
}
