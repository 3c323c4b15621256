// Original file: proto/gatewayworker/v1/commands.proto


export interface NameList {
  'names'?: (string)[];
}

export interface NameList__Output {
  'names'?: (string)[];
}
