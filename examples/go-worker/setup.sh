#!/usr/bin/env bash
# Builds the Go BusinessWorker: installs the pinned protoc plugins, generates the Go stubs of
# proto/ into gen/ (buf from npm: `npm ci` first) and builds bin/go-worker. Quiet; quick when run again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

PROTOC_GEN_GO_VERSION=v1.36.12     # google.golang.org/protobuf, as in go.mod
PROTOC_GEN_GO_GRPC_VERSION=v1.6.2  # google.golang.org/grpc/cmd/protoc-gen-go-grpc

gobin="$(go env GOPATH)/bin"
export PATH="$gobin:$PATH"

# Installs a plugin unless the binary there was built from that module version.
install_plugin() { # <binary> <module path> <package path> <version>
  if ! go version -m "$gobin/$1" 2>/dev/null | grep -Eq "^[[:space:]]mod[[:space:]]+$2[[:space:]]+$4([[:space:]]|$)"; then
    go install "$3@$4"
  fi
}
install_plugin protoc-gen-go google.golang.org/protobuf \
  google.golang.org/protobuf/cmd/protoc-gen-go "$PROTOC_GEN_GO_VERSION"
install_plugin protoc-gen-go-grpc google.golang.org/grpc/cmd/protoc-gen-go-grpc \
  google.golang.org/grpc/cmd/protoc-gen-go-grpc "$PROTOC_GEN_GO_GRPC_VERSION"

# The template's input (proto/) is relative to the repository root; its output to this directory.
cd "$root"
npx --no-install buf generate --template examples/go-worker/buf.gen.yaml -o examples/go-worker

cd "$here"
go build -o bin/go-worker .
