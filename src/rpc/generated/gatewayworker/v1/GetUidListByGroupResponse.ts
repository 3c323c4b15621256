// Original file: proto/gatewayworker/v1/api.proto


export interface GetUidListByGroupResponse {
  'uids'?: (string)[];
}

export interface GetUidListByGroupResponse__Output {
  'uids'?: (string)[];
}
