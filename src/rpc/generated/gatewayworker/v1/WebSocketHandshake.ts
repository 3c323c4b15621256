// Original file: proto/gatewayworker/v1/events.proto

import type { Header as _gatewayworker_v1_Header, Header__Output as _gatewayworker_v1_Header__Output } from '../../gatewayworker/v1/Header';

export interface WebSocketHandshake {
  'url'?: (string);
  'headers'?: (_gatewayworker_v1_Header)[];
}

export interface WebSocketHandshake__Output {
  'url'?: (string);
  'headers'?: (_gatewayworker_v1_Header__Output)[];
}
