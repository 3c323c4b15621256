// Original file: proto/gatewayworker/v1/api.proto


export interface UpdateSessionResponse {
}

export interface UpdateSessionResponse__Output {
}
