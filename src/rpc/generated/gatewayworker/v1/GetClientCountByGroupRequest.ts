// Original file: proto/gatewayworker/v1/api.proto


export interface GetClientCountByGroupRequest {
  'group'?: (string);
}

export interface GetClientCountByGroupRequest__Output {
  'group'?: (string);
}
