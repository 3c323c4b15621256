// Original file: proto/gatewayworker/v1/register.proto

import type { Long } from '@grpc/proto-loader';

export interface AnnounceResponse {
  'register_instance_id'?: (string);
  'version'?: (number | string | Long);
}

export interface AnnounceResponse__Output {
  'register_instance_id'?: (string);
  'version'?: (string);
}
