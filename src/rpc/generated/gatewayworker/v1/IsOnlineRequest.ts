// Original file: proto/gatewayworker/v1/api.proto


export interface IsOnlineRequest {
  'client_id'?: (string);
}

export interface IsOnlineRequest__Output {
  'client_id'?: (string);
}
