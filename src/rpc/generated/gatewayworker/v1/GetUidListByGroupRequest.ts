// Original file: proto/gatewayworker/v1/api.proto


export interface GetUidListByGroupRequest {
  'groups'?: (string)[];
}

export interface GetUidListByGroupRequest__Output {
  'groups'?: (string)[];
}
