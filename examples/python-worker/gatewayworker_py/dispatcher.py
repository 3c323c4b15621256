"""Running the handlers: per-client order, session copies and their write-back.

proto/README.md, "The worker stream", steps 2 and 5: the events of one client run one at a time, in
order; different clients run concurrently. After a handler, the top-level keys it changed in
``ctx.session`` go back to the Gateway as a PATCH numbered 1, 2, 3... per client and stream
(``seq``). Every event says up to which ``seq`` the Gateway had applied our changes
(``session_seq``): those are forgotten, and when the event brings a fresh session copy, the later
ones are applied again on top of it. That keeps read-your-writes exact while commands and events
cross on the stream.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._proto import commands_pb2, events_pb2
from .client_id import encode_client_id
from .events import Context, Events, WebSocketHandshake
from .session import Session, apply_patch, deep_merge, diff, parse_session, snapshot, to_json

if TYPE_CHECKING:
    from .api import GatewayApi
    from .link import GatewayLink, LostGateway, Stream
    from .worker import BusinessWorker

log = logging.getLogger("gatewayworker.worker")

EventType = events_pb2.ClientEventType
SessionOp = commands_pb2.SessionOp

CLOSE_REASONS = {
    events_pb2.CLOSE_REASON_UNSPECIFIED: "unknown",
    events_pb2.CLOSE_REASON_CLIENT: "client",
    events_pb2.CLOSE_REASON_KICKED: "kicked",
    events_pb2.CLOSE_REASON_HEARTBEAT_TIMEOUT: "heartbeat-timeout",
    events_pb2.CLOSE_REASON_GATEWAY_SHUTDOWN: "gateway-shutdown",
    events_pb2.CLOSE_REASON_NO_WORKER: "no-worker",
    events_pb2.CLOSE_REASON_PROTOCOL_ERROR: "protocol-error",
}

#: A change this worker made to a session, kept until the Gateway confirms it (session_seq).
PendingChange = tuple[int, Callable[[Session], Session]]


class ClientSlot:
    """One client as this worker sees it on one stream."""

    def __init__(self, client_id: str, connection_id: int, stream: Stream) -> None:
        self.client_id = client_id
        self.connection_id = connection_id
        self.stream = stream
        self.info: events_pb2.ClientInfo | None = None
        #: This worker's copy of the session.
        self.session: Session = {}
        #: Per-key JSON of the session when the running handler started (or last wrote back);
        #: None when no write-back is due (no handler running, or it is on_close).
        self.snapshot: dict[str, str] | None = None
        self.closing = False
        #: Changes sent with a seq and not yet confirmed by an event's session_seq.
        self.pending: list[PendingChange] = []
        self.next_seq = 1
        self.queue: deque[events_pb2.ClientEvent] = deque()
        self.busy = False

    def forget_up_to(self, applied_seq: int) -> None:
        """The Gateway has applied our changes up to ``applied_seq``: they need no re-applying."""
        if self.pending and self.pending[0][0] <= applied_seq:
            self.pending = [change for change in self.pending if change[0] > applied_seq]

    def accept_copy(self, data: bytes, applied_seq: int) -> None:
        """A fresh copy from the Gateway: re-apply on top of it the changes it had not applied yet."""
        self.forget_up_to(applied_seq)
        session = parse_session(data)
        for _, apply in self.pending:
            session = apply(session)
        self.session = session

    def take_seq(self, apply: Callable[[Session], Session]) -> int:
        """Numbers a change sent on this client's stream and remembers it until confirmed."""
        seq = self.next_seq
        self.next_seq += 1
        self.pending.append((seq, apply))
        return seq


class EventDispatcher:
    """Runs the application's ``Events`` for the events of every stream."""

    def __init__(self, events: Events, worker: BusinessWorker, gateway: GatewayApi) -> None:
        self._events = events
        self._worker = worker
        self._gateway = gateway
        self._tasks: set[asyncio.Task[None]] = set()
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        #: Events handled so far.
        self.handled = 0
        #: Per Gateway address: clients whose events came here and whose close has not (on_gateway_lost).
        self._open_clients: dict[str, set[str]] = {}

    def on_events(self, link: GatewayLink, stream: Stream, events: list[events_pb2.ClientEvent]) -> None:
        """Events arrived on ``stream``: queue each behind the earlier events of its client."""
        for event in events:
            slot = stream.clients.get(event.connection_id)
            if slot is None:
                client_id = encode_client_id(link.address, event.connection_id)
                slot = ClientSlot(client_id, event.connection_id, stream)
                stream.clients[event.connection_id] = slot
            self._track_open(link.address, slot.client_id, event.type == EventType.CLIENT_EVENT_TYPE_CLOSE)
            slot.queue.append(event)
            self._in_flight += 1
            self._idle.clear()
            if not slot.busy:
                slot.busy = True
                task = asyncio.create_task(self._run_client(link, slot))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)

    def on_gateway_lost(self, lost: LostGateway) -> None:
        """A Gateway run is gone for good: the clients this worker knew of it are gone too, without
        on_close. Logs one line and runs ``Events.on_gateway_lost`` with them."""
        client_ids = sorted(self._open_clients.pop(lost.address, set()))
        log.warning(
            "gateway %s (%s, instance %s) lost: %d client(s) of this worker gone without on_close",
            lost.address,
            lost.name or "?",
            lost.instance_id,
            len(client_ids),
        )
        self._in_flight += 1
        self._idle.clear()
        task = asyncio.create_task(self._run_gateway_lost(lost, client_ids))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run_gateway_lost(self, lost: LostGateway, client_ids: list[str]) -> None:
        try:
            result = self._events.on_gateway_lost(lost, client_ids)
            if inspect.isawaitable(result):
                await result
        except Exception:
            log.exception("on_gateway_lost failed for gateway %s", lost.address)
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.set()

    def _track_open(self, address: str, client_id: str, closed: bool) -> None:
        if closed:
            self._open_clients.get(address, set()).discard(client_id)
        else:
            self._open_clients.setdefault(address, set()).add(client_id)

    def on_stream_down(self, stream: Stream) -> None:
        """The stream is gone: its client state is void (running handlers finish on their own)."""
        stream.clients.clear()

    async def when_idle(self) -> None:
        """Returns when no event is being handled or waiting."""
        await self._idle.wait()

    def on_session_command(
        self, link: GatewayLink, connection_id: int, op: commands_pb2.SessionOp, payload: str
    ) -> bool:
        """set_session / update_session on a client whose events this worker handles on ``link``'s
        current stream: apply it to our copy too (so that the running handler and the client's next
        event see it), number it, and send it. Returns False for any other client (the caller
        then sends it with seq 0)."""
        stream = link.stream
        if stream is None or not stream.alive:
            return False
        slot = stream.clients.get(connection_id)
        if slot is None or slot.closing:
            return False
        # A running handler's own changes so far go first, so that the copy and the Gateway agree.
        self._write_back(link, slot)

        def apply(session: Session) -> Session:
            changes = json.loads(payload)
            return deep_merge(session, changes) if op == SessionOp.SESSION_OP_MERGE else changes

        updated = apply(slot.session if isinstance(slot.session, dict) else {})
        if isinstance(slot.session, dict):
            # In place: a handler holding ctx.session keeps the live session.
            slot.session.clear()
            slot.session.update(updated)
        else:
            slot.session = updated
        if slot.snapshot is not None:
            slot.snapshot = snapshot(slot.session)
        seq = slot.take_seq(apply)
        stream.push(
            commands_pb2.Command(
                session=commands_pb2.SessionCommand(
                    connection_id=connection_id, op=op, json=payload.encode(), seq=seq
                )
            )
        )
        return True

    async def _run_client(self, link: GatewayLink, slot: ClientSlot) -> None:
        try:
            while slot.queue:
                event = slot.queue.popleft()
                try:
                    await self._handle(link, slot, event)
                except Exception:
                    log.exception("%s failed for client %s", _handler_name(event.type), slot.client_id)
                self._complete(link, slot, event)
        finally:
            slot.busy = False

    async def _handle(self, link: GatewayLink, slot: ClientSlot, event: events_pb2.ClientEvent) -> None:
        if event.HasField("client"):
            slot.info = event.client
        try:
            if event.session:
                slot.accept_copy(event.session, event.session_seq)
            elif event.session_seq:
                slot.forget_up_to(event.session_seq)
        except ValueError as err:
            log.error("client %s: unreadable session from gateway ignored: %s", slot.client_id, err)
        slot.closing = event.type == EventType.CLIENT_EVENT_TYPE_CLOSE
        slot.snapshot = None if slot.closing else snapshot(slot.session)
        ctx = Context(slot, link.address, self._gateway, self._worker)
        result = self._invoke(ctx, event)
        if inspect.isawaitable(result):
            await result

    def _invoke(self, ctx: Context, event: events_pb2.ClientEvent) -> Any:
        events = self._events
        if event.type == EventType.CLIENT_EVENT_TYPE_MESSAGE:
            message: str | bytes = (
                bytes(event.data) if event.binary else event.data.decode("utf-8", "replace")
            )
            return events.on_message(ctx, message)
        if event.type == EventType.CLIENT_EVENT_TYPE_CONNECT:
            return events.on_connect(ctx)
        if event.type == EventType.CLIENT_EVENT_TYPE_WEBSOCKET_CONNECT:
            headers: dict[str, str] = {}
            for header in event.handshake.headers:
                previous = headers.get(header.name)
                headers[header.name] = header.value if previous is None else f"{previous}, {header.value}"
            handshake = WebSocketHandshake(url=event.handshake.url or "/", headers=headers)
            return events.on_websocket_connect(ctx, handshake)
        if event.type == EventType.CLIENT_EVENT_TYPE_CLOSE:
            return events.on_close(ctx, CLOSE_REASONS.get(event.close_reason, "unknown"))
        log.warning("event of unknown type %s from gateway %s ignored", event.type, ctx.gateway_address)
        return None

    def _complete(self, link: GatewayLink, slot: ClientSlot, event: events_pb2.ClientEvent) -> None:
        """After a handler: write its session changes back (never after on_close), count the event."""
        try:
            if event.type == EventType.CLIENT_EVENT_TYPE_CLOSE:
                if slot.stream.clients.get(slot.connection_id) is slot:
                    del slot.stream.clients[slot.connection_id]
            else:
                self._write_back(link, slot)
        except Exception:
            log.exception("client %s: session write-back failed", slot.client_id)
        finally:
            slot.snapshot = None
            slot.stream.event_done()
            self.handled += 1
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.set()

    def _write_back(self, link: GatewayLink, slot: ClientSlot) -> None:
        """Sends the top-level keys changed since ``slot.snapshot`` as a PATCH; the snapshot becomes
        the current session. A session that is not a JSON object is not saved and is reset."""
        before = slot.snapshot
        if before is None:
            return
        try:
            if not isinstance(slot.session, dict):
                raise TypeError("ctx.session must be a dict")
            set_keys, unset_keys = diff(before, slot.session)
            if not set_keys and not unset_keys:
                return
            payload = to_json(set_keys)
        except (TypeError, ValueError) as err:
            log.error("client %s: session change not saved (%s); reverted", slot.client_id, err)
            slot.session = {key: json.loads(value) for key, value in before.items()}
            return
        slot.snapshot = snapshot(slot.session)

        def apply(session: Session) -> Session:
            return apply_patch(session, json.loads(payload), unset_keys)

        # Numbered only on the client's current stream. If that stream has dropped, the client may
        # be bound to another worker by now: the change goes unnumbered, as anyone else's would.
        stream = slot.stream
        current = stream.alive and link.stream is stream and stream.clients.get(slot.connection_id) is slot
        seq = slot.take_seq(apply) if current else 0
        command = commands_pb2.Command(
            session=commands_pb2.SessionCommand(
                connection_id=slot.connection_id,
                op=SessionOp.SESSION_OP_PATCH,
                json=payload.encode(),
                unset_keys=unset_keys,
                seq=seq,
            )
        )
        if current:
            stream.push(command)
        else:
            link.send(command)


def _handler_name(event_type: events_pb2.ClientEventType) -> str:
    return {
        EventType.CLIENT_EVENT_TYPE_CONNECT: "on_connect",
        EventType.CLIENT_EVENT_TYPE_WEBSOCKET_CONNECT: "on_websocket_connect",
        EventType.CLIENT_EVENT_TYPE_MESSAGE: "on_message",
        EventType.CLIENT_EVENT_TYPE_CLOSE: "on_close",
    }.get(event_type, "handler")
