// Original file: proto/gatewayworker/v1/api.proto

import type { GroupClientIds as _gatewayworker_v1_GroupClientIds, GroupClientIds__Output as _gatewayworker_v1_GroupClientIds__Output } from '../../gatewayworker/v1/GroupClientIds';

export interface GetAllGroupClientIdListResponse {
  'groups'?: (_gatewayworker_v1_GroupClientIds)[];
}

export interface GetAllGroupClientIdListResponse__Output {
  'groups'?: (_gatewayworker_v1_GroupClientIds__Output)[];
}
