// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllGroupUidListRequest {
}

export interface GetAllGroupUidListRequest__Output {
}
