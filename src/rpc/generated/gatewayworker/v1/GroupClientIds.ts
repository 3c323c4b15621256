// Original file: proto/gatewayworker/v1/api.proto


export interface GroupClientIds {
  'group'?: (string);
  'client_ids'?: (string)[];
}

export interface GroupClientIds__Output {
  'group'?: (string);
  'client_ids'?: (string)[];
}
