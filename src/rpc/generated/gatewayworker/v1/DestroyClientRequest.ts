// Original file: proto/gatewayworker/v1/api.proto


export interface DestroyClientRequest {
  'client_id'?: (string);
}

export interface DestroyClientRequest__Output {
  'client_id'?: (string);
}
