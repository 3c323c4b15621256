// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllGroupUidCountRequest {
}

export interface GetAllGroupUidCountRequest__Output {
}
