"""What the application writes: an ``Events`` subclass, and what its handlers receive."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

if TYPE_CHECKING:
    from .api import GatewayApi, Message
    from .link import LostGateway
    from .session import Session
    from .worker import BusinessWorker


class Events:
    """The business logic. Override what you need; each handler may be ``async def`` or plain ``def``.

    The events of one client run one at a time, in order (an async handler is awaited before the
    client's next event); different clients run concurrently. Changes a handler makes to
    ``ctx.session`` are written back to the Gateway when it returns (not after ``on_close``).
    """

    async def on_worker_start(self, worker: BusinessWorker) -> None:
        """Before the worker attaches to any Gateway."""

    async def on_connect(self, ctx: Context) -> None:
        """A client connected (for WebSocket: the handshake completed)."""

    async def on_websocket_connect(self, ctx: Context, handshake: WebSocketHandshake) -> None:
        """Right after ``on_connect`` for WebSocket clients, with the HTTP request that opened them."""

    async def on_message(self, ctx: Context, message: str | bytes) -> None:
        """A client message: ``str`` for a text frame, ``bytes`` for a binary one."""

    async def on_close(self, ctx: Context, reason: str) -> None:
        """The client is gone. ``reason``: client, kicked, heartbeat-timeout, gateway-shutdown,
        no-worker, protocol-error or unknown. Session changes made here are not saved."""

    async def on_worker_stop(self, worker: BusinessWorker) -> None:
        """After the worker left every Gateway."""

    async def on_gateway_lost(self, gateway: LostGateway, client_ids: list[str]) -> None:
        """This worker lost a Gateway run for good: it left the Register's list and its stream ended
        (killed, host unreachable, keepalive timeout), or it came back as a new instance. Its clients
        are gone without ``on_close``; ``client_ids`` are those whose events came to this worker and
        that had not closed. Not called while the worker stops."""


@dataclass
class WebSocketHandshake:
    """The HTTP request that opened a WebSocket client."""

    url: str = "/"
    #: Lower-case header names; repeated headers joined with ", ".
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def path(self) -> str:
        """The URL without its query string."""
        return self.url.split("?", 1)[0]

    @property
    def query(self) -> dict[str, str]:
        """The query string's parameters (the last of repeated names)."""
        _, _, query = self.url.partition("?")
        return dict(parse_qsl(query, keep_blank_values=True))


class Context:
    """What a handler knows about the current client, and how it reaches it.

    ``session`` is this worker's copy of the client's session (a dict): read it, change it, assign
    a new dict; changes are written back when the handler returns.
    """

    def __init__(self, slot: Any, gateway_address: str, gateway: GatewayApi, worker: BusinessWorker) -> None:
        self._slot = slot
        self.gateway_address = gateway_address
        self.gateway = gateway
        self.worker = worker

    @property
    def client_id(self) -> str:
        """The client's id: 20 hex characters naming its Gateway and connection."""
        return self._slot.client_id

    @property
    def remote_address(self) -> str:
        """The client's IP address as its Gateway sees it."""
        return self._slot.info.remote_address if self._slot.info else ""

    @property
    def remote_port(self) -> int:
        """The client's port."""
        return self._slot.info.remote_port if self._slot.info else 0

    @property
    def gateway_port(self) -> int:
        """The Gateway's client-facing port."""
        return self._slot.info.gateway_port if self._slot.info else 0

    @property
    def transport(self) -> str:
        """``"ws"`` or ``"tcp"``."""
        return self._slot.info.transport if self._slot.info else ""

    @property
    def session(self) -> Session:
        """This worker's copy of the client's session."""
        return self._slot.session

    @session.setter
    def session(self, value: Session) -> None:
        self._slot.session = value if value is not None else {}

    async def send(self, message: Message) -> None:
        """Sends a message to the current client (``str``: text frame, ``bytes``: binary frame)."""
        await self.gateway.send_to_client(self.client_id, message)

    async def close(self, message: Message | None = None) -> None:
        """Sends ``message`` (if given), then closes the current client."""
        await self.gateway.close_client(self.client_id, message)
