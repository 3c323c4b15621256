// Original file: proto/gatewayworker/v1/api.proto


export interface GroupCount {
  'group'?: (string);
  'count'?: (number);
}

export interface GroupCount__Output {
  'group'?: (string);
  'count'?: (number);
}
