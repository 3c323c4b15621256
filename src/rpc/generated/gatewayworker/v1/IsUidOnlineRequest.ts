// Original file: proto/gatewayworker/v1/api.proto


export interface IsUidOnlineRequest {
  'uid'?: (string);
}

export interface IsUidOnlineRequest__Output {
  'uid'?: (string);
}
