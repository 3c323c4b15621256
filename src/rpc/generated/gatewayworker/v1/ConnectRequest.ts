// Original file: proto/gatewayworker/v1/gateway.proto

import type { WorkerHello as _gatewayworker_v1_WorkerHello, WorkerHello__Output as _gatewayworker_v1_WorkerHello__Output } from '../../gatewayworker/v1/WorkerHello';
import type { Command as _gatewayworker_v1_Command, Command__Output as _gatewayworker_v1_Command__Output } from '../../gatewayworker/v1/Command';

export interface ConnectRequest {
  'hello'?: (_gatewayworker_v1_WorkerHello | null);
  'commands'?: (_gatewayworker_v1_Command)[];
  'drain'?: (boolean);
}

export interface ConnectRequest__Output {
  'hello'?: (_gatewayworker_v1_WorkerHello__Output);
  'commands'?: (_gatewayworker_v1_Command__Output)[];
  'drain'?: (boolean);
}
