// Original file: proto/gatewayworker/v1/api.proto


export interface UnbindUidResponse {
}

export interface UnbindUidResponse__Output {
}
