// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllClientCountResponse {
  'count'?: (number);
}

export interface GetAllClientCountResponse__Output {
  'count'?: (number);
}
