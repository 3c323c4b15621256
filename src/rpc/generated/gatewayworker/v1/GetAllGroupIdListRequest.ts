// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllGroupIdListRequest {
}

export interface GetAllGroupIdListRequest__Output {
}
