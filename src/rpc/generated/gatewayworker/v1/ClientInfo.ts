// Original file: proto/gatewayworker/v1/events.proto


export interface ClientInfo {
  'remote_address'?: (string);
  'remote_port'?: (number);
  'gateway_port'?: (number);
  'transport'?: (string);
  'protocol'?: (string);
}

export interface ClientInfo__Output {
  'remote_address'?: (string);
  'remote_port'?: (number);
  'gateway_port'?: (number);
  'transport'?: (string);
  'protocol'?: (string);
}
