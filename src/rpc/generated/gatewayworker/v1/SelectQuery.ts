// Original file: proto/gatewayworker/v1/commands.proto


export interface SelectQuery {
  'groups'?: (string)[];
  'uids'?: (string)[];
  'connection_ids'?: (number)[];
  'with_uid'?: (boolean);
  'with_session'?: (boolean);
  'with_groups'?: (boolean);
}

export interface SelectQuery__Output {
  'groups'?: (string)[];
  'uids'?: (string)[];
  'connection_ids'?: (number)[];
  'with_uid'?: (boolean);
  'with_session'?: (boolean);
  'with_groups'?: (boolean);
}
