"""The BusinessWorker: follows the Register, keeps a stream to every Gateway, runs the Events."""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import signal
import uuid
from collections.abc import Awaitable, Callable, Iterable

from ._proto import PROTOCOL_VERSION, commands_pb2, gateway_pb2, register_pb2
from .api import GatewayApi
from .client_id import split_gateway_address
from .dispatcher import EventDispatcher
from .errors import GatewayWorkerError
from .events import Events
from .link import GatewayLink, LostGateway, Stream
from .register import GatewayWatcher

log = logging.getLogger("gatewayworker.worker")


class BusinessWorker:
    """One BusinessWorker process (or one of several in a process).

    ``register`` is one ``"host:port"``, a comma-separated list, or a list of them. ``name`` and
    ``index`` identify the worker to the Gateways; ``query_timeout`` bounds every query (seconds);
    ``stop_grace`` bounds each phase of ``stop`` (seconds).
    """

    def __init__(
        self,
        events: Events,
        register: str | Iterable[str] = "127.0.0.1:1236",
        name: str = "BusinessWorker",
        index: int = 0,
        query_timeout: float = 5.0,
        stop_grace: float = 5.0,
        secret_key: str = "",
    ) -> None:
        registers = [register] if isinstance(register, str) else list(register)
        self.registers = [a.strip() for entry in registers for a in entry.split(",") if a.strip()]
        if not self.registers:
            raise ValueError("at least one register address is needed")
        self.events = events
        self.name = name
        self.index = index
        self.query_timeout = query_timeout
        self.stop_grace = stop_grace
        #: Random id of this worker run (WorkerHello.instance_id): a Gateway replaces an older
        #: stream of the same name, index and instance id with a newer one.
        self.instance_id = uuid.uuid4().hex
        self._hello = gateway_pb2.WorkerHello(
            worker_name=name,
            worker_index=index,
            instance_id=self.instance_id,
            protocol_version=PROTOCOL_VERSION,
        )
        self._links: dict[str, GatewayLink] = {}
        self._listed: set[str] = set()
        self._stopping = False
        self._stopped = False
        self._stop_task: asyncio.Task[None] | None = None
        #: Set whenever a link is welcomed by its Gateway (wait_attached waits on it).
        self._link_up = asyncio.Event()
        #: The Gateway API, also ``ctx.gateway`` in handlers.
        self.gateway = GatewayApi(self)
        self._dispatcher = EventDispatcher(events, self, self.gateway)
        #: The mesh's shared secret, sent as metadata on every call ('' = none).
        self._secret_key = secret_key
        self._watcher = GatewayWatcher(
            self.registers, f"{name}:{index}", self._on_gateway_list, secret_key=secret_key
        )

    # Life cycle -----------------------------------------------------------------------------------

    async def start(self) -> None:
        """Runs ``on_worker_start``, then follows the Register(s) and attaches to every listed Gateway."""
        await _maybe_await(self.events.on_worker_start(self))
        self._watcher.start()
        log.info("%s:%d started, following register %s", self.name, self.index, ", ".join(self.registers))

    async def wait_settled(self, timeout: float) -> bool:
        """Waits (at most ``timeout`` s) until a Register has sent its list and every listed Gateway
        has been tried once (attached or not). Returns whether that happened in time."""

        async def settled() -> None:
            await self._watcher.wait_for_list()
            await asyncio.gather(*(link.wait_first_attempt() for link in list(self._links.values())))

        try:
            await asyncio.wait_for(settled(), timeout)
            return True
        except asyncio.TimeoutError:
            return False

    async def wait_attached(self) -> None:
        """Returns once this worker is attached to at least one Gateway (its welcome received)."""
        while not self.attached_gateways():
            self._link_up.clear()
            await self._link_up.wait()

    def attached_gateways(self) -> list[str]:
        """Addresses of the Gateways this worker has a live stream to."""
        return [address for address, link in self._links.items() if link.state == "ready"]

    @property
    def handled_events(self) -> int:
        """Events handled so far."""
        return self._dispatcher.handled

    async def stop(self) -> None:
        """Leaves every Gateway without losing an event: asks each to route nothing new here
        (``drain``) and waits for ``drained``, finishes every event already received, flushes the
        commands, ends the streams; then runs ``on_worker_stop``. Calling it again waits for the
        same stop."""
        if self._stop_task is None:
            self._stop_task = asyncio.ensure_future(self._shutdown())
        await asyncio.shield(self._stop_task)

    async def _shutdown(self) -> None:
        self._stopping = True
        await self._watcher.stop()
        links = list(self._links.values())
        grace = self.stop_grace
        await asyncio.gather(*(link.drain(grace) for link in links))
        try:
            await asyncio.wait_for(self._dispatcher.when_idle(), grace)
        except asyncio.TimeoutError:
            log.warning("handlers still running after %s s: stopping anyway", grace)
        await asyncio.gather(*(link.finish(grace) for link in links))
        self._stopped = True
        try:
            await _maybe_await(self.events.on_worker_stop(self))
        except Exception:
            log.exception("on_worker_stop failed")
        log.info("%s:%d stopped after %d event(s)", self.name, self.index, self.handled_events)

    async def run(
        self, on_ready: Callable[[BusinessWorker], object] | None = None, settle_timeout: float = 5.0
    ) -> None:
        """Starts, calls ``on_ready`` once settled (see ``wait_settled``) and attached to at least
        one Gateway (never before a welcome), runs until SIGTERM or SIGINT, then stops gracefully.
        A second signal exits at once."""
        loop = asyncio.get_running_loop()
        stop_requested = asyncio.Event()

        def on_signal(signum: int) -> None:
            if stop_requested.is_set():
                log.warning("second %s: exiting at once", signal.Signals(signum).name)
                os._exit(128 + signum)
            log.info("%s: stopping", signal.Signals(signum).name)
            stop_requested.set()

        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, on_signal, signum)
        try:
            await self.start()
            await self.wait_settled(settle_timeout)
            attached = asyncio.ensure_future(self.wait_attached())
            stopped = asyncio.ensure_future(stop_requested.wait())
            await asyncio.wait({attached, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if attached.done() and on_ready is not None:
                on_ready(self)
            attached.cancel()
            await stopped
        finally:
            await self.stop()
            for signum in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(signum)

    # Gateways -------------------------------------------------------------------------------------

    def _on_gateway_list(self, gateways: list[register_pb2.GatewayInfo]) -> None:
        """A new union list: open a link to every listed Gateway that has none. A Gateway that left
        the list keeps its live stream (as in GatewayWorker) but is not reconnected once it drops;
        one we are only trying to reach is given up now."""
        if self._stopping:
            return
        listed: dict[str, register_pb2.GatewayInfo] = {}
        for info in gateways:
            try:
                split_gateway_address(info.address)
            except GatewayWorkerError:
                log.warning("register lists gateway %r: not an ipv4:port address, ignored", info.address)
                continue
            listed[info.address] = info
        self._listed = set(listed)
        for address, info in sorted(listed.items()):
            link = self._links.get(address)
            if link is None or link.state == "closed":
                self._open_link(info)
            else:
                link.listed_instance_id = info.instance_id
        for address, link in list(self._links.items()):
            if address not in listed and link.state == "connecting":
                link.close_soon()

    def _open_link(self, info: register_pb2.GatewayInfo) -> None:
        # Keyed by the routing address; dialled at dial_address when the Gateway announces one.
        link = GatewayLink(
            info.address,
            self._hello,
            self.query_timeout,
            on_events=self._dispatcher.on_events,
            on_up=self._on_link_up,
            on_down=self._on_link_down,
            should_reconnect=lambda link: not self._stopping and link.address in self._listed,
            secret_key=self._secret_key,
            dial_address=info.dial_address,
            listed_instance_id=info.instance_id,
            on_lost=self._on_gateway_lost,
        )
        self._links[info.address] = link
        link.start()

    def _on_link_up(self, link: GatewayLink, stream: Stream) -> None:
        self._link_up.set()
        log.info(
            "%s:%d attached to gateway %s (instance %s) via %s",
            self.name,
            self.index,
            link.address,
            stream.welcome.instance_id,
            link.dial_address,
        )

    def _on_gateway_lost(self, link: GatewayLink, lost: LostGateway) -> None:
        if not self._stopping:
            self._dispatcher.on_gateway_lost(lost)

    def _on_link_down(self, link: GatewayLink, stream: Stream) -> None:
        self._dispatcher.on_stream_down(stream)
        log.info("%s:%d detached from gateway %s", self.name, self.index, link.address)

    # LinkDirectory (for GatewayApi) ---------------------------------------------------------------

    def link_for(self, gateway_address: str) -> GatewayLink | None:
        """The live link to a Gateway; none for a Gateway given up (its clients count as offline)."""
        link = self._links.get(gateway_address)
        return link if link is not None and link.state != "closed" else None

    def live_links(self) -> list[GatewayLink]:
        """Every link that is connected or connecting."""
        return [link for link in self._links.values() if link.state != "closed"]

    def fan_out_links(self) -> tuple[list[GatewayLink], list[str]]:
        """Links a fan-out query asks (listed or connected); listed Gateways without one are missing."""
        ask: list[GatewayLink] = []
        missing: list[str] = []
        for address in sorted(self._listed | set(self._links)):
            link = self.link_for(address)
            if link is not None:
                ask.append(link)
            elif address in self._listed:
                missing.append(address)
        return ask, missing

    def check_running(self) -> None:
        """Raises GW_ERR_STOPPED once the worker has stopped."""
        if self._stopped:
            raise GatewayWorkerError("GW_ERR_STOPPED", f"worker {self.name}:{self.index} is stopped")

    def on_session_command(
        self, link: GatewayLink, connection_id: int, op: commands_pb2.SessionOp, payload: str
    ) -> bool:
        """See EventDispatcher.on_session_command."""
        return self._dispatcher.on_session_command(link, connection_id, op, payload)


async def _maybe_await(result: Awaitable[object] | object) -> None:
    if inspect.isawaitable(result):
        await result
