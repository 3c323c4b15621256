// Original file: proto/gatewayworker/v1/commands.proto


export interface BroadcastCommand {
  'data'?: (Buffer | Uint8Array | string);
  'binary'?: (boolean);
  'exclude_connection_ids'?: (number)[];
}

export interface BroadcastCommand__Output {
  'data'?: (Buffer);
  'binary'?: (boolean);
  'exclude_connection_ids'?: (number)[];
}
