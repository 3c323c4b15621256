// Original file: proto/gatewayworker/v1/commands.proto


export interface SendToGroupsCommand {
  'groups'?: (string)[];
  'data'?: (Buffer | Uint8Array | string);
  'binary'?: (boolean);
  'exclude_connection_ids'?: (number)[];
}

export interface SendToGroupsCommand__Output {
  'groups'?: (string)[];
  'data'?: (Buffer);
  'binary'?: (boolean);
  'exclude_connection_ids'?: (number)[];
}
