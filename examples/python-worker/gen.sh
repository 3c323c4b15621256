#!/usr/bin/env bash
# Generates the Python gRPC stubs of proto/gatewayworker/v1/*.proto into gen/ (git-ignored), as the
# package gatewayworker.v1 (from gatewayworker.v1 import gateway_pb2). Uses .venv's Python (made by
# setup.sh) unless PYTHON is set. Regenerates from scratch every time: it takes well under a second.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-.venv/bin/python}"
PROTO_ROOT=../../proto

tmp="$(mktemp -d gen.tmp.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
"$PYTHON" -m grpc_tools.protoc -I "$PROTO_ROOT" --python_out="$tmp" --pyi_out="$tmp" --grpc_python_out="$tmp" \
  "$PROTO_ROOT"/gatewayworker/v1/*.proto
# protoc writes no __init__.py: make gatewayworker/ and gatewayworker/v1/ regular packages.
touch "$tmp/gatewayworker/__init__.py" "$tmp/gatewayworker/v1/__init__.py"
rm -rf gen
mv "$tmp" gen
trap - EXIT
