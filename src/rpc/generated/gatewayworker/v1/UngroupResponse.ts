// Original file: proto/gatewayworker/v1/api.proto


export interface UngroupResponse {
}

export interface UngroupResponse__Output {
}
