// Original file: proto/gatewayworker/v1/api.proto


export interface SendToAllRequest {
  'text'?: (string);
  'binary'?: (Buffer | Uint8Array | string);
  'client_ids'?: (string)[];
  'exclude_client_ids'?: (string)[];
  'message'?: "text"|"binary";
}

export interface SendToAllRequest__Output {
  'text'?: (string);
  'binary'?: (Buffer);
  'client_ids'?: (string)[];
  'exclude_client_ids'?: (string)[];
  'message'?: "text"|"binary";
}
