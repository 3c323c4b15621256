// Original file: proto/gatewayworker/v1/api.proto


export interface CloseClientResponse {
}

export interface CloseClientResponse__Output {
}
