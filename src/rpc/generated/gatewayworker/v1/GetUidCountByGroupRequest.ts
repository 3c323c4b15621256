// Original file: proto/gatewayworker/v1/api.proto


export interface GetUidCountByGroupRequest {
  'group'?: (string);
  'groups'?: (string)[];
}

export interface GetUidCountByGroupRequest__Output {
  'group'?: (string);
  'groups'?: (string)[];
}
