// Original file: proto/gatewayworker/v1/api.proto


export interface SendToClientResponse {
}

export interface SendToClientResponse__Output {
}
