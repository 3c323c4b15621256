#!/usr/bin/env bash
# Regenerates everything derived from proto/ (committed, never edited by hand):
#  - src/rpc/generated/**.ts: TypeScript types; the flags mirror the loader options in src/rpc/load.ts.
#  - src/rpc/generated/descriptors.binpb: the descriptor set served by server reflection (ours plus
#    grpc.health.v1), built by buf with real file names, dependencies and comments.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/rpc/generated
npx proto-loader-gen-types --keepCase --longs=String --enums=String --oneofs --grpcLib=@grpc/grpc-js \
  -O src/rpc/generated gatewayworker/v1/gateway.proto gatewayworker/v1/register.proto gatewayworker/v1/cluster.proto -I proto
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npx buf build proto -o "$tmp/gatewayworker.binpb"
npx buf build node_modules/grpc-health-check/proto -o "$tmp/health.binpb"
# A FileDescriptorSet is one repeated field: two serialized sets concatenated are their union.
cat "$tmp/gatewayworker.binpb" "$tmp/health.binpb" > src/rpc/generated/descriptors.binpb
