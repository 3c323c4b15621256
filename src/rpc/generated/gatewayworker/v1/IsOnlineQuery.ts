// Original file: proto/gatewayworker/v1/commands.proto


export interface IsOnlineQuery {
  'connection_id'?: (number);
}

export interface IsOnlineQuery__Output {
  'connection_id'?: (number);
}
