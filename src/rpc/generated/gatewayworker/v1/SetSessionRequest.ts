// Original file: proto/gatewayworker/v1/api.proto


export interface SetSessionRequest {
  'client_id'?: (string);
  'session_json'?: (string);
}

export interface SetSessionRequest__Output {
  'client_id'?: (string);
  'session_json'?: (string);
}
