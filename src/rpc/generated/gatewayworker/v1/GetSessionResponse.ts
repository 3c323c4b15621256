// Original file: proto/gatewayworker/v1/api.proto


export interface GetSessionResponse {
  'found'?: (boolean);
  'session_json'?: (string);
}

export interface GetSessionResponse__Output {
  'found'?: (boolean);
  'session_json'?: (string);
}
