// Original file: proto/gatewayworker/v1/commands.proto


export interface ClientRow {
  'connection_id'?: (number);
  'uid'?: (string);
  'session'?: (Buffer | Uint8Array | string);
  'groups'?: (string)[];
}

export interface ClientRow__Output {
  'connection_id'?: (number);
  'uid'?: (string);
  'session'?: (Buffer);
  'groups'?: (string)[];
}
