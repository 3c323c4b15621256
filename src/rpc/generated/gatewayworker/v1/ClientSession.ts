// Original file: proto/gatewayworker/v1/api.proto


export interface ClientSession {
  'client_id'?: (string);
  'session_json'?: (string);
}

export interface ClientSession__Output {
  'client_id'?: (string);
  'session_json'?: (string);
}
