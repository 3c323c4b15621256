// Original file: proto/gatewayworker/v1/api.proto


export interface GetClientIdByUidRequest {
  'uid'?: (string);
}

export interface GetClientIdByUidRequest__Output {
  'uid'?: (string);
}
