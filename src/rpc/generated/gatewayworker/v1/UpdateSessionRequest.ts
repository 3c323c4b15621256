// Original file: proto/gatewayworker/v1/api.proto


export interface UpdateSessionRequest {
  'client_id'?: (string);
  'session_json'?: (string);
}

export interface UpdateSessionRequest__Output {
  'client_id'?: (string);
  'session_json'?: (string);
}
