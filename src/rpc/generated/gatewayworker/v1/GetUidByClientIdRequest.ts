// Original file: proto/gatewayworker/v1/api.proto


export interface GetUidByClientIdRequest {
  'client_id'?: (string);
}

export interface GetUidByClientIdRequest__Output {
  'client_id'?: (string);
}
