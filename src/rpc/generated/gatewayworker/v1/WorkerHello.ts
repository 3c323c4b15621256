// Original file: proto/gatewayworker/v1/gateway.proto


export interface WorkerHello {
  'worker_name'?: (string);
  'worker_index'?: (number);
  'instance_id'?: (string);
  'protocol_version'?: (number);
  'api_only'?: (boolean);
}

export interface WorkerHello__Output {
  'worker_name'?: (string);
  'worker_index'?: (number);
  'instance_id'?: (string);
  'protocol_version'?: (number);
  'api_only'?: (boolean);
}
