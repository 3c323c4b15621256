// Original file: proto/gatewayworker/v1/register.proto

import type { Long } from '@grpc/proto-loader';

export interface GatewayInfo {
  'address'?: (string);
  'name'?: (string);
  'instance_id'?: (string);
  'client_listen'?: (string);
  'started_at_unix_ms'?: (number | string | Long);
  'dial_address'?: (string);
}

export interface GatewayInfo__Output {
  'address'?: (string);
  'name'?: (string);
  'instance_id'?: (string);
  'client_listen'?: (string);
  'started_at_unix_ms'?: (string);
  'dial_address'?: (string);
}
