// Original file: proto/gatewayworker/v1/api.proto


export interface UnbindUidRequest {
  'client_id'?: (string);
  'uid'?: (string);
}

export interface UnbindUidRequest__Output {
  'client_id'?: (string);
  'uid'?: (string);
}
