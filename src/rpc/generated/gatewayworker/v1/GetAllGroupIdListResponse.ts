// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllGroupIdListResponse {
  'groups'?: (string)[];
}

export interface GetAllGroupIdListResponse__Output {
  'groups'?: (string)[];
}
