// Original file: proto/gatewayworker/v1/api.proto


export interface SendToGroupRequest {
  'groups'?: (string)[];
  'text'?: (string);
  'binary'?: (Buffer | Uint8Array | string);
  'exclude_client_ids'?: (string)[];
  'message'?: "text"|"binary";
}

export interface SendToGroupRequest__Output {
  'groups'?: (string)[];
  'text'?: (string);
  'binary'?: (Buffer);
  'exclude_client_ids'?: (string)[];
  'message'?: "text"|"binary";
}
