// Original file: proto/gatewayworker/v1/api.proto


export interface SendToGroupResponse {
}

export interface SendToGroupResponse__Output {
}
