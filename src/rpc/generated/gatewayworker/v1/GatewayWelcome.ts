// Original file: proto/gatewayworker/v1/gateway.proto


export interface GatewayWelcome {
  'address'?: (string);
  'name'?: (string);
  'instance_id'?: (string);
  'protocol_version'?: (number);
  'client_port'?: (number);
}

export interface GatewayWelcome__Output {
  'address'?: (string);
  'name'?: (string);
  'instance_id'?: (string);
  'protocol_version'?: (number);
  'client_port'?: (number);
}
