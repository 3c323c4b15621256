// Original file: proto/gatewayworker/v1/api.proto


export interface CloseClientRequest {
  'client_id'?: (string);
  'text'?: (string);
  'binary'?: (Buffer | Uint8Array | string);
  'message'?: "text"|"binary";
}

export interface CloseClientRequest__Output {
  'client_id'?: (string);
  'text'?: (string);
  'binary'?: (Buffer);
  'message'?: "text"|"binary";
}
