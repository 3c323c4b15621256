// Original file: proto/gatewayworker/v1/api.proto


export interface SendToUidRequest {
  'uids'?: (string)[];
  'text'?: (string);
  'binary'?: (Buffer | Uint8Array | string);
  'message'?: "text"|"binary";
}

export interface SendToUidRequest__Output {
  'uids'?: (string)[];
  'text'?: (string);
  'binary'?: (Buffer);
  'message'?: "text"|"binary";
}
