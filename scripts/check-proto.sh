#!/usr/bin/env bash
# Keeps proto/ safe for other languages: buf lint, and no breaking change against the previous commit
# (FILE rules: removing or renumbering fields, changing types or names breaks generated code).
set -euo pipefail
cd "$(dirname "$0")/.."
npx buf lint proto
base=${PROTO_BREAKING_AGAINST:-HEAD~1}
if git rev-parse --verify --quiet "$base" >/dev/null && git cat-file -e "$base:proto/gatewayworker/v1/gateway.proto" 2>/dev/null; then
  npx buf breaking proto --against ".git#ref=$base,subdir=proto"
  echo "proto: lint ok, no breaking change against $base"
else
  echo "proto: lint ok ($base has no proto/ to compare against)"
fi
