// Original file: proto/gatewayworker/v1/commands.proto


export interface BindUidCommand {
  'connection_id'?: (number);
  'uid'?: (string);
}

export interface BindUidCommand__Output {
  'connection_id'?: (number);
  'uid'?: (string);
}
