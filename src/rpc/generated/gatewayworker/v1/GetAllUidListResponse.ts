// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllUidListResponse {
  'uids'?: (string)[];
}

export interface GetAllUidListResponse__Output {
  'uids'?: (string)[];
}
