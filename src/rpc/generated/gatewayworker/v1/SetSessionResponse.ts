// Original file: proto/gatewayworker/v1/api.proto


export interface SetSessionResponse {
}

export interface SetSessionResponse__Output {
}
