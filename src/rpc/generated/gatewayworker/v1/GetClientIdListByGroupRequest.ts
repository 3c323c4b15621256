// Original file: proto/gatewayworker/v1/api.proto


export interface GetClientIdListByGroupRequest {
  'groups'?: (string)[];
}

export interface GetClientIdListByGroupRequest__Output {
  'groups'?: (string)[];
}
