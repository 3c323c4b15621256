// Original file: proto/gatewayworker/v1/api.proto


export interface DestroyClientResponse {
}

export interface DestroyClientResponse__Output {
}
