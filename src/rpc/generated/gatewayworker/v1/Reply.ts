// Original file: proto/gatewayworker/v1/commands.proto

import type { ClientRows as _gatewayworker_v1_ClientRows, ClientRows__Output as _gatewayworker_v1_ClientRows__Output } from '../../gatewayworker/v1/ClientRows';
import type { NameList as _gatewayworker_v1_NameList, NameList__Output as _gatewayworker_v1_NameList__Output } from '../../gatewayworker/v1/NameList';

export interface Reply {
  'request_id'?: (number);
  'error_code'?: (string);
  'error_message'?: (string);
  'online'?: (boolean);
  'count'?: (number);
  'session'?: (Buffer | Uint8Array | string);
  'clients'?: (_gatewayworker_v1_ClientRows | null);
  'names'?: (_gatewayworker_v1_NameList | null);
  'result'?: "online"|"count"|"session"|"clients"|"names";
}

export interface Reply__Output {
  'request_id'?: (number);
  'error_code'?: (string);
  'error_message'?: (string);
  'online'?: (boolean);
  'count'?: (number);
  'session'?: (Buffer);
  'clients'?: (_gatewayworker_v1_ClientRows__Output);
  'names'?: (_gatewayworker_v1_NameList__Output);
  'result'?: "online"|"count"|"session"|"clients"|"names";
}
