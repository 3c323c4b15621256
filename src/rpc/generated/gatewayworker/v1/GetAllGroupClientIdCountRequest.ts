// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllGroupClientIdCountRequest {
}

export interface GetAllGroupClientIdCountRequest__Output {
}
