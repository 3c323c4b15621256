// Original file: proto/gatewayworker/v1/api.proto


export interface GetClientCountByGroupResponse {
  'count'?: (number);
}

export interface GetClientCountByGroupResponse__Output {
  'count'?: (number);
}
