// Original file: proto/gatewayworker/v1/api.proto


export interface GetUidCountByGroupResponse {
  'count'?: (number);
}

export interface GetUidCountByGroupResponse__Output {
  'count'?: (number);
}
