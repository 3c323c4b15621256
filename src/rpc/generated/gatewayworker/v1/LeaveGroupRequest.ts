// Original file: proto/gatewayworker/v1/api.proto


export interface LeaveGroupRequest {
  'client_id'?: (string);
  'group'?: (string);
}

export interface LeaveGroupRequest__Output {
  'client_id'?: (string);
  'group'?: (string);
}
