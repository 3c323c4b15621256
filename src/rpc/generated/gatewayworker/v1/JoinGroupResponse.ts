// Original file: proto/gatewayworker/v1/api.proto


export interface JoinGroupResponse {
}

export interface JoinGroupResponse__Output {
}
