// Original file: proto/gatewayworker/v1/api.proto


export interface GetSessionRequest {
  'client_id'?: (string);
}

export interface GetSessionRequest__Output {
  'client_id'?: (string);
}
