// Original file: proto/gatewayworker/v1/events.proto

import type { ClientEventType as _gatewayworker_v1_ClientEventType, ClientEventType__Output as _gatewayworker_v1_ClientEventType__Output } from '../../gatewayworker/v1/ClientEventType';
import type { ClientInfo as _gatewayworker_v1_ClientInfo, ClientInfo__Output as _gatewayworker_v1_ClientInfo__Output } from '../../gatewayworker/v1/ClientInfo';
import type { CloseReason as _gatewayworker_v1_CloseReason, CloseReason__Output as _gatewayworker_v1_CloseReason__Output } from '../../gatewayworker/v1/CloseReason';
import type { WebSocketHandshake as _gatewayworker_v1_WebSocketHandshake, WebSocketHandshake__Output as _gatewayworker_v1_WebSocketHandshake__Output } from '../../gatewayworker/v1/WebSocketHandshake';

export interface ClientEvent {
  'type'?: (_gatewayworker_v1_ClientEventType);
  'connection_id'?: (number);
  'data'?: (Buffer | Uint8Array | string);
  'binary'?: (boolean);
  'client'?: (_gatewayworker_v1_ClientInfo | null);
  'session'?: (Buffer | Uint8Array | string);
  'session_seq'?: (number);
  'close_reason'?: (_gatewayworker_v1_CloseReason);
  'handshake'?: (_gatewayworker_v1_WebSocketHandshake | null);
}

export interface ClientEvent__Output {
  'type'?: (_gatewayworker_v1_ClientEventType__Output);
  'connection_id'?: (number);
  'data'?: (Buffer);
  'binary'?: (boolean);
  'client'?: (_gatewayworker_v1_ClientInfo__Output);
  'session'?: (Buffer);
  'session_seq'?: (number);
  'close_reason'?: (_gatewayworker_v1_CloseReason__Output);
  'handshake'?: (_gatewayworker_v1_WebSocketHandshake__Output);
}
