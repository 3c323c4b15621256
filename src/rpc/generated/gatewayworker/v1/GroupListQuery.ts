// Original file: proto/gatewayworker/v1/commands.proto


export interface GroupListQuery {
}

export interface GroupListQuery__Output {
}
