// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllUidCountRequest {
}

export interface GetAllUidCountRequest__Output {
}
