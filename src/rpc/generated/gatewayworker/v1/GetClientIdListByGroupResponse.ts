// Original file: proto/gatewayworker/v1/api.proto


export interface GetClientIdListByGroupResponse {
  'client_ids'?: (string)[];
}

export interface GetClientIdListByGroupResponse__Output {
  'client_ids'?: (string)[];
}
