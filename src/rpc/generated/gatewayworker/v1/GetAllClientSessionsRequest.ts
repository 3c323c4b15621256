// Original file: proto/gatewayworker/v1/api.proto


export interface GetAllClientSessionsRequest {
  'group'?: (string);
}

export interface GetAllClientSessionsRequest__Output {
  'group'?: (string);
}
