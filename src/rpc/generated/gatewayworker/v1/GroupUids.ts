// Original file: proto/gatewayworker/v1/api.proto


export interface GroupUids {
  'group'?: (string);
  'uids'?: (string)[];
}

export interface GroupUids__Output {
  'group'?: (string);
  'uids'?: (string)[];
}
