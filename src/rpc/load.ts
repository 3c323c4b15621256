import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { useFastConnectCodec } from './connect-codec';
import type { ProtoGrpcType as ClusterProto } from './generated/cluster';
import type { ProtoGrpcType as GatewayProto } from './generated/gateway';
import type { ProtoGrpcType as RegisterProto } from './generated/register';

/** The package root: the nearest folder above this file with proto/ (from dist/src/rpc or src/rpc). */
export const PACKAGE_ROOT = findPackageRoot(__dirname);
export const PROTO_ROOT = path.join(PACKAGE_ROOT, 'proto');

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'proto', 'gatewayworker', 'v1', 'gateway.proto'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`proto/ not found above ${from}`);
  }
}
export const PROTO_FILES = [
  'gatewayworker/v1/register.proto',
  'gatewayworker/v1/gateway.proto',
  'gatewayworker/v1/events.proto',
  'gatewayworker/v1/commands.proto',
  'gatewayworker/v1/api.proto',
  'gatewayworker/v1/cluster.proto',
];

/** Must match the flags in scripts/gen-proto.sh: the generated types describe these objects. */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

let loaded:
  | { definition: protoLoader.PackageDefinition; proto: GatewayProto & RegisterProto & ClusterProto }
  | undefined;

/** Loads proto/ once per process. */
export function loadProtos(): {
  definition: protoLoader.PackageDefinition;
  proto: GatewayProto & RegisterProto & ClusterProto;
} {
  if (!loaded) {
    const definition = protoLoader.loadSync(PROTO_FILES, LOADER_OPTIONS);
    useFastConnectCodec(definition);
    const proto = grpc.loadPackageDefinition(definition) as unknown as GatewayProto &
      RegisterProto &
      ClusterProto;
    loaded = { definition, proto };
  }
  return loaded;
}

/** Largest stream message either side accepts. Batches are capped far below it (see batched-writer.ts). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** Server options for Register and Gateway (see shared notes on grpc-js: keepalive finds frozen peers). */
export const SERVER_OPTIONS: grpc.ServerOptions = {
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
};

/** Channel options for workers, gateways (to the Register) and API clients. */
export const CLIENT_OPTIONS: grpc.ChannelOptions = {
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  'grpc.keepalive_time_ms': 10_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.keepalive_permit_without_calls': 1,
  'grpc.enable_retries': 0,
  // Small retry buffer: smooth, bounded backpressure on client-side writes.
  'grpc.per_rpc_retry_buffer_size': 65_536,
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 2_000,
  'grpc-node.flow_control_window': 1024 * 1024,
};
