// Original file: proto/gatewayworker/v1/commands.proto

import type { ClientRow as _gatewayworker_v1_ClientRow, ClientRow__Output as _gatewayworker_v1_ClientRow__Output } from '../../gatewayworker/v1/ClientRow';

export interface ClientRows {
  'rows'?: (_gatewayworker_v1_ClientRow)[];
}

export interface ClientRows__Output {
  'rows'?: (_gatewayworker_v1_ClientRow__Output)[];
}
