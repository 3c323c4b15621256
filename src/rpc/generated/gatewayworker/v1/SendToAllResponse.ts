// Original file: proto/gatewayworker/v1/api.proto


export interface SendToAllResponse {
}

export interface SendToAllResponse__Output {
}
