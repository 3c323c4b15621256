// Original file: proto/gatewayworker/v1/api.proto


export interface GetUidByClientIdResponse {
  'uid'?: (string);
}

export interface GetUidByClientIdResponse__Output {
  'uid'?: (string);
}
