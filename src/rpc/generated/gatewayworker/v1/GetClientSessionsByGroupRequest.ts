// Original file: proto/gatewayworker/v1/api.proto


export interface GetClientSessionsByGroupRequest {
  'group'?: (string);
}

export interface GetClientSessionsByGroupRequest__Output {
  'group'?: (string);
}
