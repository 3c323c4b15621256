// Original file: proto/gatewayworker/v1/api.proto


export interface BindUidResponse {
}

export interface BindUidResponse__Output {
}
