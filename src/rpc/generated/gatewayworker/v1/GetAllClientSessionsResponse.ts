// Original file: proto/gatewayworker/v1/api.proto

import type { ClientSession as _gatewayworker_v1_ClientSession, ClientSession__Output as _gatewayworker_v1_ClientSession__Output } from '../../gatewayworker/v1/ClientSession';

export interface GetAllClientSessionsResponse {
  'sessions'?: (_gatewayworker_v1_ClientSession)[];
}

export interface GetAllClientSessionsResponse__Output {
  'sessions'?: (_gatewayworker_v1_ClientSession__Output)[];
}
