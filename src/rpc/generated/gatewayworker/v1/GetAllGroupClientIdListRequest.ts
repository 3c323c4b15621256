// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllGroupClientIdListRequest {
}

export interface GetAllGroupClientIdListRequest__Output {
}
