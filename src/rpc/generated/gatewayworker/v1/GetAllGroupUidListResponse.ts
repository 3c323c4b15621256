// Original file: proto/gatewayworker/v1/api.proto

import type { GroupUids as _gatewayworker_v1_GroupUids, GroupUids__Output as _gatewayworker_v1_GroupUids__Output } from '../../gatewayworker/v1/GroupUids';

export interface GetAllGroupUidListResponse {
  'groups'?: (_gatewayworker_v1_GroupUids)[];
}

export interface GetAllGroupUidListResponse__Output {
  'groups'?: (_gatewayworker_v1_GroupUids__Output)[];
}
