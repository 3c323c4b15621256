// Original file: proto/gatewayworker/v1/api.proto


export interface SendToUidResponse {
}

export interface SendToUidResponse__Output {
}
