// Original file: proto/gatewayworker/v1/commands.proto


export interface GetSessionQuery {
  'connection_id'?: (number);
}

export interface GetSessionQuery__Output {
  'connection_id'?: (number);
}
