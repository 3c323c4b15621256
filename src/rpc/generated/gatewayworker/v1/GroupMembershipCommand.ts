// Original file: proto/gatewayworker/v1/commands.proto


export interface GroupMembershipCommand {
  'connection_id'?: (number);
  'group'?: (string);
}

export interface GroupMembershipCommand__Output {
  'connection_id'?: (number);
  'group'?: (string);
}
