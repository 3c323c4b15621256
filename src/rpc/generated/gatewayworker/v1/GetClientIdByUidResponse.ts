// Original file: proto/gatewayworker/v1/api.proto


export interface GetClientIdByUidResponse {
  'client_ids'?: (string)[];
}

export interface GetClientIdByUidResponse__Output {
  'client_ids'?: (string)[];
}
