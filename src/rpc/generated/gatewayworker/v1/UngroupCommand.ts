// Original file: proto/gatewayworker/v1/commands.proto


export interface UngroupCommand {
  'group'?: (string);
}

export interface UngroupCommand__Output {
  'group'?: (string);
}
