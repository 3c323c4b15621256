// Original file: proto/gatewayworker/v1/commands.proto


export interface Reply {
  'request_id'?: (number);
  'error_code'?: (string);
  'error_message'?: (string);
  'online'?: (boolean);
  'count'?: (number);
  'session'?: (Buffer | Uint8Array | string);
  'result'?: "online"|"count"|"session";
}

export interface Reply__Output {
  'request_id'?: (number);
  'error_code'?: (string);
  'error_message'?: (string);
  'online'?: (boolean);
  'count'?: (number);
  'session'?: (Buffer);
  'result'?: "online"|"count"|"session";
}
