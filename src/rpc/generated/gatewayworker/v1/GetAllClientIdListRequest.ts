// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllClientIdListRequest {
}

export interface GetAllClientIdListRequest__Output {
}
