// Original file: proto/gatewayworker/v1/api.proto


export interface IsUidOnlineResponse {
  'online'?: (boolean);
}

export interface IsUidOnlineResponse__Output {
  'online'?: (boolean);
}
