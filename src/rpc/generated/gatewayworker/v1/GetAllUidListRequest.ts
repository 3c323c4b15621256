// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllUidListRequest {
}

export interface GetAllUidListRequest__Output {
}
