// Original file: proto/gatewayworker/v1/api.proto


export interface IsOnlineResponse {
  'online'?: (boolean);
}

export interface IsOnlineResponse__Output {
  'online'?: (boolean);
}
