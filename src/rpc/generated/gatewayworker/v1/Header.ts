// Original file: proto/gatewayworker/v1/events.proto


export interface Header {
  'name'?: (string);
  'value'?: (string);
}

export interface Header__Output {
  'name'?: (string);
  'value'?: (string);
}
