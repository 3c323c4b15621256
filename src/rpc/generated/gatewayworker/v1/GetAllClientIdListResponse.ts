// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllClientIdListResponse {
  'client_ids'?: (string)[];
}

export interface GetAllClientIdListResponse__Output {
  'client_ids'?: (string)[];
}
