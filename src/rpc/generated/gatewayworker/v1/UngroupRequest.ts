// Original file: proto/gatewayworker/v1/api.proto


export interface UngroupRequest {
  'group'?: (string);
}

export interface UngroupRequest__Output {
  'group'?: (string);
}
