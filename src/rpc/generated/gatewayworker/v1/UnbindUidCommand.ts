// Original file: proto/gatewayworker/v1/commands.proto


export interface UnbindUidCommand {
  'connection_id'?: (number);
  'uid'?: (string);
}

export interface UnbindUidCommand__Output {
  'connection_id'?: (number);
  'uid'?: (string);
}
