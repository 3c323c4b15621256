// Original file: proto/gatewayworker/v1/commands.proto


export interface ClientCountQuery {
  'groups'?: (string)[];
}

export interface ClientCountQuery__Output {
  'groups'?: (string)[];
}
