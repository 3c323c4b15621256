// Original file: proto/gatewayworker/v1/api.proto

import type { GroupCount as _gatewayworker_v1_GroupCount, GroupCount__Output as _gatewayworker_v1_GroupCount__Output } from '../../gatewayworker/v1/GroupCount';

export interface GetAllGroupUidCountResponse {
  'groups'?: (_gatewayworker_v1_GroupCount)[];
}

export interface GetAllGroupUidCountResponse__Output {
  'groups'?: (_gatewayworker_v1_GroupCount__Output)[];
}
