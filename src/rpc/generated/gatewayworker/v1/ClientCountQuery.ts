// Original file: proto/gatewayworker/v1/commands.proto


export interface ClientCountQuery {
}

export interface ClientCountQuery__Output {
}
