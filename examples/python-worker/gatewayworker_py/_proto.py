"""The generated protobuf and gRPC modules of proto/gatewayworker/v1 (made by gen.sh into gen/).

protoc names the Python modules after the proto files, so they live in the package
``gatewayworker.v1`` and import each other that way: gen/ has to be on ``sys.path``.
"""

import sys
from pathlib import Path

GEN_DIR = Path(__file__).resolve().parent.parent / "gen"

if not (GEN_DIR / "gatewayworker" / "v1" / "gateway_pb2_grpc.py").is_file():
    raise ImportError(
        f"the generated gRPC stubs are missing from {GEN_DIR}: run examples/python-worker/setup.sh"
    )
if str(GEN_DIR) not in sys.path:
    sys.path.insert(0, str(GEN_DIR))

from gatewayworker.v1 import (  # noqa: E402
    commands_pb2,
    events_pb2,
    gateway_pb2,
    gateway_pb2_grpc,
    register_pb2,
    register_pb2_grpc,
)

#: The stream protocol version this worker speaks (WorkerHello.protocol_version).
PROTOCOL_VERSION = 1

#: Largest message either side accepts (proto/README.md, "Keepalive").
MAX_MESSAGE_BYTES = 64 * 1024 * 1024

#: Channel options for every channel to a Register or a Gateway: keepalive finds a frozen peer in
#: ~15 s (pings also when no call is active), 64 MiB messages, and a quick reconnect of the channel
#: itself so that a restarted peer is reached again within our own backoff.
CHANNEL_OPTIONS = [
    ("grpc.keepalive_time_ms", 10_000),
    ("grpc.keepalive_timeout_ms", 5_000),
    ("grpc.keepalive_permit_without_calls", 1),
    ("grpc.http2.max_pings_without_data", 0),
    ("grpc.max_send_message_length", MAX_MESSAGE_BYTES),
    ("grpc.max_receive_message_length", MAX_MESSAGE_BYTES),
    ("grpc.initial_reconnect_backoff_ms", 100),
    ("grpc.min_reconnect_backoff_ms", 100),
    ("grpc.max_reconnect_backoff_ms", 1_000),
    ("grpc.enable_retries", 0),
]

#: Call metadata that carries the mesh's shared secret (proto/README.md, "Authentication").
SECRET_METADATA_KEY = "x-gatewayworker-secret"


def secret_metadata(secret_key: str) -> tuple[tuple[str, str], ...] | None:
    """The metadata to send on every call: the secret, or nothing when it is off ('')."""
    return ((SECRET_METADATA_KEY, secret_key),) if secret_key else None


__all__ = [
    "CHANNEL_OPTIONS",
    "SECRET_METADATA_KEY",
    "secret_metadata",
    "MAX_MESSAGE_BYTES",
    "PROTOCOL_VERSION",
    "commands_pb2",
    "events_pb2",
    "gateway_pb2",
    "gateway_pb2_grpc",
    "register_pb2",
    "register_pb2_grpc",
]
