// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllClientCountRequest {
}

export interface GetAllClientCountRequest__Output {
}
