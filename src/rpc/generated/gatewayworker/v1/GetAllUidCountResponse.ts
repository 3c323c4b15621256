// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllUidCountResponse {
  'count'?: (number);
}

export interface GetAllUidCountResponse__Output {
  'count'?: (number);
}
