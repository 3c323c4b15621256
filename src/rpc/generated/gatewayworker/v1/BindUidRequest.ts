// Original file: proto/gatewayworker/v1/api.proto


export interface BindUidRequest {
  'client_id'?: (string);
  'uid'?: (string);
}

export interface BindUidRequest__Output {
  'client_id'?: (string);
  'uid'?: (string);
}
