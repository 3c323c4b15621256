// Original file: proto/gatewayworker/v1/commands.proto


export interface SendToUidsCommand {
  'uids'?: (string)[];
  'data'?: (Buffer | Uint8Array | string);
  'binary'?: (boolean);
}

export interface SendToUidsCommand__Output {
  'uids'?: (string)[];
  'data'?: (Buffer);
  'binary'?: (boolean);
}
