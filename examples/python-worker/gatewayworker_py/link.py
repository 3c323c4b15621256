"""A worker's stream to one Gateway (proto/README.md, "The worker stream")."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import grpc

from ._proto import CHANNEL_OPTIONS, commands_pb2, events_pb2, gateway_pb2, gateway_pb2_grpc, secret_metadata
from .backoff import Backoff
from .errors import GatewayWorkerError

log = logging.getLogger("gatewayworker.link")

#: How long a Gateway may take to answer hello with welcome.
WELCOME_TIMEOUT_S = 10.0
#: A stream message carries at most this many commands, and about this many bytes.
MAX_BATCH_ITEMS = 256
MAX_BATCH_BYTES = 64 * 1024
#: Above this many queued bytes, API calls wait (``when_writable``) until half of it is written.
HIGH_WATER_BYTES = 8 * 1024 * 1024
#: Commands kept while the stream is (re)connecting; more are dropped with a warning.
MAX_PENDING_COMMANDS = 100_000
#: Events received but not yet finished by the handlers before the stream stops being read.
MAX_OUTSTANDING_EVENTS = 10_000

LinkState = Literal["connecting", "ready", "closed"]


@dataclass(frozen=True)
class LostGateway:
    """A Gateway process run that a link lost for good (``Events.on_gateway_lost``)."""

    #: Its routing address, ``"ipv4:port"``, as in its client ids.
    address: str
    #: Its name (from its welcome).
    name: str
    #: The id of the run that was lost.
    instance_id: str


#: A command waiting for a stream, stamped with the Gateway run it was meant for ('' = unknown).
Queued = tuple[commands_pb2.Command, str]

#: Fields by which a command names clients by connection id.
_CONNECTION_FIELDS = ("connection_ids", "exclude_connection_ids")


def names_connection(command: commands_pb2.Command) -> bool:
    """Whether a command targets one client (its kind has a ``connection_id``) or lists or excludes
    connection ids."""
    kind = command.WhichOneof("kind")
    if kind is None:
        return False
    part = getattr(command, kind)
    if "connection_id" in part.DESCRIPTOR.fields_by_name:
        return True
    return any(
        len(getattr(part, name)) > 0 for name in _CONNECTION_FIELDS if name in part.DESCRIPTOR.fields_by_name
    )


def sort_queued(queued: list[Queued], welcomed: str) -> tuple[list[commands_pb2.Command], int, list[int]]:
    """What of the commands queued while no stream was up may go to the Gateway run that welcomed
    the new stream (proto/README.md, "Queued commands and Gateway restarts"): everything stamped for
    it (or unstamped). Of those meant for another run, queries fail and commands that name
    connection ids are dropped (the ids may belong to new clients now); uid, group and broadcast
    commands still go. Returns (commands to send, how many dropped, request ids to fail)."""
    keep: list[commands_pb2.Command] = []
    failed: list[int] = []
    dropped = 0
    for command, stamp in queued:
        if not stamp or stamp == welcomed:
            keep.append(command)
        elif command.request_id != 0:
            failed.append(command.request_id)
        elif names_connection(command):
            dropped += 1
        else:
            keep.append(command)
    return keep, dropped, failed


class Stream:
    """One welcomed ``Gateway.Connect`` call.

    It owns the outbound queue (written in batches by ``write_loop``), the receive-side flow
    control, and ``clients``: the per-client state of the events that arrived on it, which the
    dispatcher keeps here so that it is void together with the stream.
    """

    def __init__(self, call: Any, welcome: gateway_pb2.GatewayWelcome, generation: int) -> None:
        self.call = call
        self.welcome = welcome
        self.generation = generation
        #: Per-client state by connection id (see dispatcher.ClientSlot).
        self.clients: dict[int, Any] = {}
        self.alive = True
        self.drained = asyncio.Event()
        self._outbox: deque[tuple[commands_pb2.Command, int]] = deque()
        self._outbox_bytes = 0
        self._drain_requested = False
        self._ending = False
        self._wake = asyncio.Event()
        self._writable = asyncio.Event()
        self._writable.set()
        self._outstanding = 0
        self._readable = asyncio.Event()
        self._readable.set()

    # Outbound -------------------------------------------------------------------------------------

    def push(self, command: commands_pb2.Command) -> None:
        """Queues a command; it goes out with everything else queued in this loop turn."""
        size = command.ByteSize() + 4
        self._outbox.append((command, size))
        self._outbox_bytes += size
        if self._outbox_bytes > HIGH_WATER_BYTES:
            self._writable.clear()
        self._wake.set()

    def request_drain(self) -> None:
        """Sends ``drain: true`` after the commands queued so far."""
        self._drain_requested = True
        self._wake.set()

    def end(self) -> None:
        """Writes what is queued, then closes the sending side (the Gateway then ends the stream)."""
        self._ending = True
        self._wake.set()

    async def when_writable(self) -> None:
        """Returns at once, or when the outbound queue is back under half its limit."""
        await self._writable.wait()

    async def write_loop(self) -> None:
        """Writes the queue as batches: each wake-up takes everything ready (up to the batch limits).

        The wake-up is scheduled by ``push``, so everything queued during the current loop turn
        goes out together; while a write waits for the transport, more accumulates for the next one.
        """
        try:
            while True:
                await self._wake.wait()
                self._wake.clear()
                while self._outbox or self._drain_requested:
                    frame = self._take_batch()
                    await self.call.write(frame)
                if self._ending:
                    await self.call.done_writing()
                    return
        except asyncio.CancelledError:
            raise
        except Exception as err:  # the stream broke: the reader sees its end
            log.debug("gateway %s: write failed: %r", self.welcome.address, err)
            self.call.cancel()

    def _take_batch(self) -> gateway_pb2.ConnectRequest:
        commands: list[commands_pb2.Command] = []
        batch_bytes = 0
        while self._outbox and len(commands) < MAX_BATCH_ITEMS:
            command, size = self._outbox[0]
            if commands and batch_bytes + size > MAX_BATCH_BYTES:
                break
            self._outbox.popleft()
            commands.append(command)
            batch_bytes += size
        self._outbox_bytes -= batch_bytes
        if self._outbox_bytes <= HIGH_WATER_BYTES // 2:
            self._writable.set()
        frame = gateway_pb2.ConnectRequest(commands=commands)
        if self._drain_requested and not self._outbox:
            frame.drain = True
            self._drain_requested = False
        return frame

    # Inbound flow control -------------------------------------------------------------------------

    def events_received(self, count: int) -> None:
        """``count`` events were handed to the dispatcher; stop reading if too many are waiting."""
        self._outstanding += count
        if self._outstanding >= MAX_OUTSTANDING_EVENTS:
            self._readable.clear()

    def event_done(self) -> None:
        """An event of this stream has finished; resume reading below half the limit."""
        self._outstanding -= 1
        if self._outstanding < MAX_OUTSTANDING_EVENTS // 2:
            self._readable.set()

    async def when_readable(self) -> None:
        """Returns when the handlers are not too far behind."""
        await self._readable.wait()

    def close(self) -> None:
        """The call is over: wake everyone who waits on it."""
        self.alive = False
        self._outbox.clear()
        self._writable.set()
        self._readable.set()
        self.drained.set()


class GatewayLink:
    """The worker's link to one Gateway: a ``Gateway.Connect`` stream, reopened with backoff for as
    long as the Gateway is listed.

    hello/welcome, commands batched per loop turn with backpressure, queries matched to replies by
    ``request_id`` with a deadline, flow control on received events, drain. Keyed by ``address`` (the
    routing key in client ids); dials ``dial_address`` when the Gateway announced one.
    """

    def __init__(
        self,
        address: str,
        hello: gateway_pb2.WorkerHello,
        query_timeout: float,
        on_events: Callable[[GatewayLink, Stream, list[events_pb2.ClientEvent]], None],
        on_up: Callable[[GatewayLink, Stream], None],
        on_down: Callable[[GatewayLink, Stream], None],
        should_reconnect: Callable[[GatewayLink], bool],
        secret_key: str = "",
        dial_address: str = "",
        listed_instance_id: str = "",
        on_lost: Callable[[GatewayLink, LostGateway], None] | None = None,
    ) -> None:
        self.address = address
        #: The instance the Register lists at this address: stamps commands queued before a welcome.
        self.listed_instance_id = listed_instance_id
        self.state: LinkState = "connecting"
        #: The welcomed stream, while there is one.
        self.stream: Stream | None = None
        self.welcome: gateway_pb2.GatewayWelcome | None = None
        self._hello = hello
        self._query_timeout = query_timeout
        self._on_events = on_events
        self._on_up = on_up
        self._on_down = on_down
        self._should_reconnect = should_reconnect
        #: Where the link connects ("host:port"): the announced dial_address, else ``address``.
        self.dial_address = dial_address or address
        self._on_lost = on_lost
        self._channel = grpc.aio.insecure_channel(self.dial_address, options=CHANNEL_OPTIONS)
        self._stub = gateway_pb2_grpc.GatewayStub(self._channel)
        self._metadata = secret_metadata(secret_key)
        self._refusal: str | None = None
        self._pending: list[Queued] = []
        self._queries: dict[int, asyncio.Future[commands_pb2.Reply]] = {}
        self._next_request_id = 1
        self._generation = 0
        self._last_instance_id: str | None = None
        self._last_name = ""
        self._task: asyncio.Task[None] | None = None
        self._first_attempt = asyncio.Event()

    def start(self) -> None:
        """Starts connecting (a task that runs until the link is closed or given up)."""
        self._task = asyncio.create_task(self._run(), name=f"gateway {self.address}")

    async def wait_first_attempt(self) -> None:
        """Returns once the first connection attempt has ended: welcomed, failed, or given up."""
        await self._first_attempt.wait()

    # Commands and queries -------------------------------------------------------------------------

    def send(self, command: commands_pb2.Command) -> None:
        """Queues a command; commands given while (re)connecting go out once connected."""
        if self.state == "closed":
            return
        if self.stream is not None and self.stream.alive:
            self.stream.push(command)
        elif len(self._pending) < MAX_PENDING_COMMANDS:
            self._pending.append((command, self._last_instance_id or self.listed_instance_id))
        else:
            log.warning(
                "gateway %s unreachable and %d commands queued: dropping",
                self.address,
                MAX_PENDING_COMMANDS,
            )

    async def when_writable(self) -> None:
        """Returns when the outbound queue is under its limit (callers await it to slow down)."""
        stream = self.stream
        if stream is not None:
            await stream.when_writable()

    async def query(self, command: commands_pb2.Command) -> commands_pb2.Reply:
        """Sends a query and returns its reply.

        Raises GatewayWorkerError: GW_ERR_GATEWAY_TIMEOUT without an answer within the query
        timeout, GW_ERR_GATEWAY_UNAVAILABLE when the stream is down or drops, GW_ERR_QUERY_FAILED
        (or GW_ERR_INVALID_ARGUMENT) when the Gateway answered with an error.
        """
        if self.state == "closed":
            raise GatewayWorkerError("GW_ERR_GATEWAY_UNAVAILABLE", f"gateway {self.address} is not connected")
        request_id = self._next_request_id
        self._next_request_id = request_id + 1 if request_id < 0x7FFFFFFF else 1
        command.request_id = request_id
        future: asyncio.Future[commands_pb2.Reply] = asyncio.get_running_loop().create_future()
        self._queries[request_id] = future
        self.send(command)
        try:
            return await asyncio.wait_for(future, self._query_timeout)
        except asyncio.TimeoutError:
            if self.state == "ready":
                raise GatewayWorkerError(
                    "GW_ERR_GATEWAY_TIMEOUT",
                    f"gateway {self.address} did not answer within {self._query_timeout} s",
                ) from None
            raise GatewayWorkerError(
                "GW_ERR_GATEWAY_UNAVAILABLE",
                f"gateway {self.address} is not connected and did not connect within {self._query_timeout} s",
            ) from None
        finally:
            self._queries.pop(request_id, None)

    # Stopping -------------------------------------------------------------------------------------

    async def drain(self, timeout: float) -> None:
        """Asks the Gateway to route nothing new here and waits for its ``drained`` answer (or the
        stream's end, or the timeout). Events received until then are still delivered."""
        stream = self.stream
        if self.state != "ready" or stream is None:
            return
        stream.request_drain()
        try:
            await asyncio.wait_for(stream.drained.wait(), timeout)
        except asyncio.TimeoutError:
            log.warning("gateway %s did not answer drain within %s s", self.address, timeout)

    async def finish(self, timeout: float) -> None:
        """Writes every queued command, ends the stream, waits for the Gateway to end its side
        (bounded by ``timeout``), then gives the link up."""
        self.state = "closed"
        stream = self.stream
        task = self._task
        if stream is not None and stream.alive and task is not None:
            stream.end()
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout)
            except asyncio.TimeoutError:
                log.warning("gateway %s did not end the stream within %s s", self.address, timeout)
        await self.close()

    async def close(self) -> None:
        """Gives the link up at once: cancels the stream and closes the channel."""
        self.state = "closed"
        task = self._task
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    def close_soon(self) -> None:
        """``close`` from synchronous code (the task ends on its own)."""
        self.state = "closed"
        if self._task is not None:
            self._task.cancel()

    # The stream -----------------------------------------------------------------------------------

    async def _run(self) -> None:
        backoff = Backoff(0.1, 1.0)
        try:
            while self.state != "closed":
                welcomed, why = await self._run_stream()
                self._first_attempt.set()
                if self.state == "closed":
                    break
                if not self._should_reconnect(self):
                    log.info("gateway %s is no longer listed: link given up (%s)", self.address, why)
                    break
                if welcomed:
                    backoff.reset()
                    log.warning("gateway %s stream lost (%s); reconnecting", self.address, why)
                else:
                    log.debug("gateway %s not reached (%s); retrying", self.address, why)
                await asyncio.sleep(backoff.next_delay())
        finally:
            self.state = "closed"
            self._first_attempt.set()
            self._pending.clear()
            self._report_lost()
            self._fail_queries(f"gateway {self.address} link closed")
            await self._channel.close()

    async def _run_stream(self) -> tuple[bool, str]:
        """One Connect call, from hello to its end. Returns (whether it was welcomed, why it ended)."""
        self._generation += 1
        call = self._stub.Connect(metadata=self._metadata)
        stream: Stream | None = None
        try:
            await call.write(gateway_pb2.ConnectRequest(hello=self._hello))
            first = await asyncio.wait_for(call.read(), WELCOME_TIMEOUT_S)
            if first is grpc.aio.EOF:
                return False, f"stream ended before welcome ({(await call.code()).name})"
            if not first.HasField("welcome"):
                log.warning("gateway %s broke the protocol: first message without welcome", self.address)
                return False, "no welcome"
            stream = self._on_welcome(call, first.welcome)
            writer = asyncio.create_task(stream.write_loop(), name=f"gateway {self.address} writer")
            try:
                self._on_response(stream, first)
                while True:
                    await stream.when_readable()
                    response = await call.read()
                    if response is grpc.aio.EOF:
                        break
                    self._on_response(stream, response)
                code, details = await call.code(), await call.details()
                return True, f"stream ended ({code.name}{': ' + details if details else ''})"
            finally:
                writer.cancel()
                await asyncio.gather(writer, return_exceptions=True)
        except grpc.aio.AioRpcError as err:
            if err.code() == grpc.StatusCode.UNAUTHENTICATED and err.details() != self._refusal:
                self._refusal = err.details()  # said once per reason
                log.error("gateway %s refused this worker: %s", self.address, err.details())
            return stream is not None, f"{err.code().name}: {err.details()}"
        except asyncio.TimeoutError:
            return stream is not None, f"no welcome within {WELCOME_TIMEOUT_S} s"
        except Exception as err:  # e.g. a write on a call that has already failed
            return stream is not None, repr(err)
        finally:
            call.cancel()
            if stream is not None:
                self._on_stream_end(stream)
            else:
                # Fail fast: a query waiting for this Gateway would wait for the next attempt.
                self._pending = [(c, stamp) for c, stamp in self._pending if c.request_id == 0]
                self._fail_queries(f"gateway {self.address} is not reachable")

    def _on_welcome(self, call: Any, welcome: gateway_pb2.GatewayWelcome) -> Stream:
        # Commands queued for a previous run of this Gateway must not reach clients that reuse its ids.
        keep, dropped, failed = sort_queued(self._pending, welcome.instance_id)
        self._pending = []
        if dropped or failed:
            log.warning(
                "gateway %s restarted: %d queued command(s) dropped, %d queued query(ies) failed",
                self.address,
                dropped,
                len(failed),
            )
        for request_id in failed:
            self._fail_query(request_id, f"gateway {self.address} restarted before the query was sent (new instance)")
        if self._last_instance_id is not None and self._last_instance_id != welcome.instance_id:
            self._report_lost()
        self._last_instance_id = welcome.instance_id
        self._last_name = welcome.name
        stream = Stream(call, welcome, self._generation)
        self.welcome = welcome
        self.stream = stream
        self.state = "ready"
        for command in keep:
            stream.push(command)
        self._first_attempt.set()
        self._on_up(self, stream)
        return stream

    def _on_response(self, stream: Stream, response: gateway_pb2.ConnectResponse) -> None:
        if response.events:
            stream.events_received(len(response.events))
            self._on_events(self, stream, list(response.events))
        for reply in response.replies:
            self._on_reply(reply)
        if response.drained:
            stream.drained.set()

    def _on_reply(self, reply: commands_pb2.Reply) -> None:
        future = self._queries.pop(reply.request_id, None)
        if future is None or future.done():
            return
        if reply.error_code:
            code = (
                "GW_ERR_INVALID_ARGUMENT"
                if reply.error_code == "GW_ERR_INVALID_ARGUMENT"
                else "GW_ERR_QUERY_FAILED"
            )
            future.set_exception(
                GatewayWorkerError(code, f"gateway {self.address}: {reply.error_message or reply.error_code}")
            )
        else:
            future.set_result(reply)

    def _on_stream_end(self, stream: Stream) -> None:
        stream.close()
        if self.stream is stream:
            self.stream = None
        if self.state == "ready":
            self.state = "connecting"
        self._fail_queries(f"gateway {self.address} stream ended")
        self._on_down(self, stream)

    def _report_lost(self) -> None:
        """Tells on_lost about the run this link was last welcomed by (once per run)."""
        instance_id, self._last_instance_id = self._last_instance_id, None
        if instance_id is not None and self._on_lost is not None:
            self._on_lost(self, LostGateway(self.address, self._last_name, instance_id))

    def _fail_query(self, request_id: int, message: str) -> None:
        future = self._queries.pop(request_id, None)
        if future is not None and not future.done():
            future.set_exception(GatewayWorkerError("GW_ERR_GATEWAY_UNAVAILABLE", message))

    def _fail_queries(self, message: str) -> None:
        queries = list(self._queries.values())
        self._queries.clear()
        for future in queries:
            if not future.done():
                future.set_exception(GatewayWorkerError("GW_ERR_GATEWAY_UNAVAILABLE", message))
