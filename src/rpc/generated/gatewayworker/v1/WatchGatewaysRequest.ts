// Original file: proto/gatewayworker/v1/register.proto


export interface WatchGatewaysRequest {
  'watcher_name'?: (string);
}

export interface WatchGatewaysRequest__Output {
  'watcher_name'?: (string);
}
