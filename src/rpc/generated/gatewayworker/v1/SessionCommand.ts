// Original file: proto/gatewayworker/v1/commands.proto

import type { SessionOp as _gatewayworker_v1_SessionOp, SessionOp__Output as _gatewayworker_v1_SessionOp__Output } from '../../gatewayworker/v1/SessionOp';

export interface SessionCommand {
  'connection_id'?: (number);
  'op'?: (_gatewayworker_v1_SessionOp);
  'json'?: (Buffer | Uint8Array | string);
  'unset_keys'?: (string)[];
  'seq'?: (number);
}

export interface SessionCommand__Output {
  'connection_id'?: (number);
  'op'?: (_gatewayworker_v1_SessionOp__Output);
  'json'?: (Buffer);
  'unset_keys'?: (string)[];
  'seq'?: (number);
}
