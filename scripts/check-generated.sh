#!/usr/bin/env bash
# Fails when src/rpc/generated is not what scripts/gen-proto.sh makes from proto/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/gen-proto.sh
git diff --exit-code -- src/rpc/generated
test -z "$(git status --porcelain -- src/rpc/generated)"
