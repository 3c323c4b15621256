// Original file: proto/gatewayworker/v1/commands.proto


export interface SendCommand {
  'connection_ids'?: (number)[];
  'data'?: (Buffer | Uint8Array | string);
  'binary'?: (boolean);
}

export interface SendCommand__Output {
  'connection_ids'?: (number)[];
  'data'?: (Buffer);
  'binary'?: (boolean);
}
