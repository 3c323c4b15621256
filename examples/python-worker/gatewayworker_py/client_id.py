"""Client ids: 20 lowercase hex characters that route themselves (proto/README.md, "Client ids").

8 hex: the owning Gateway's inner IPv4 address, 4 hex: its inner port, 8 hex: the connection id,
all big-endian. ``7f00000108fc00000001`` is connection 1 of the Gateway at ``127.0.0.1:2300``.
"""

import ipaddress
import re

from .errors import GatewayWorkerError

_CLIENT_ID = re.compile(r"^[0-9a-f]{20}$")


def split_gateway_address(address: str) -> tuple[str, int]:
    """Splits ``"ipv4:port"`` into host and port; anything else is GW_ERR_INVALID_ARGUMENT."""
    host, sep, port_text = address.rpartition(":")
    try:
        ipaddress.IPv4Address(host)
        port = int(port_text)
    except ValueError:
        port = -1
    if not sep or not 0 <= port <= 0xFFFF:
        raise GatewayWorkerError(
            "GW_ERR_INVALID_ARGUMENT", f'gateway address {address!r} must be "ipv4:port"'
        )
    return host, port


def encode_client_id(gateway_address: str, connection_id: int) -> str:
    """The client id of connection ``connection_id`` of the Gateway at ``gateway_address``."""
    host, port = split_gateway_address(gateway_address)
    return f"{int(ipaddress.IPv4Address(host)):08x}{port:04x}{connection_id & 0xFFFFFFFF:08x}"


def decode_client_id(client_id: object) -> tuple[str, int]:
    """``(gateway_address, connection_id)`` of a client id; GW_ERR_INVALID_CLIENT_ID if malformed."""
    if not isinstance(client_id, str) or not _CLIENT_ID.match(client_id):
        raise GatewayWorkerError(
            "GW_ERR_INVALID_CLIENT_ID",
            f"client id {client_id!r} is invalid: expected 20 lowercase hex characters",
        )
    host = str(ipaddress.IPv4Address(int(client_id[0:8], 16)))
    return f"{host}:{int(client_id[8:12], 16)}", int(client_id[12:20], 16)


def is_client_id(value: object) -> bool:
    """Whether ``value`` is a well-formed client id."""
    return isinstance(value, str) and bool(_CLIENT_ID.match(value))
