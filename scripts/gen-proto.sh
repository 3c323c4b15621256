#!/usr/bin/env bash
# Regenerates the TypeScript types of proto/ into src/rpc/generated (committed, never edited).
# The flags mirror the loader options in src/rpc/load.ts.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf src/rpc/generated
npx proto-loader-gen-types --keepCase --longs=String --enums=String --oneofs --grpcLib=@grpc/grpc-js \
  -O src/rpc/generated gatewayworker/v1/gateway.proto gatewayworker/v1/register.proto -I proto
