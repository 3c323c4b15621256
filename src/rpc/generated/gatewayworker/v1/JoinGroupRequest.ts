// Original file: proto/gatewayworker/v1/api.proto


export interface JoinGroupRequest {
  'client_id'?: (string);
  'group'?: (string);
}

export interface JoinGroupRequest__Output {
  'client_id'?: (string);
  'group'?: (string);
}
