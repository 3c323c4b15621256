// Original file: proto/gatewayworker/v1/commands.proto


export interface CloseCommand {
  'connection_id'?: (number);
  'has_message'?: (boolean);
  'data'?: (Buffer | Uint8Array | string);
  'binary'?: (boolean);
  'destroy'?: (boolean);
  'code'?: (number);
  'reason'?: (string);
}

export interface CloseCommand__Output {
  'connection_id'?: (number);
  'has_message'?: (boolean);
  'data'?: (Buffer);
  'binary'?: (boolean);
  'destroy'?: (boolean);
  'code'?: (number);
  'reason'?: (string);
}
