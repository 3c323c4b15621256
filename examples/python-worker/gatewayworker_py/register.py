"""Following the Register(s): the live list of Gateways (proto/README.md, "Discovering Gateways")."""

import asyncio
import logging
from collections.abc import Callable

import grpc

from ._proto import CHANNEL_OPTIONS, register_pb2, register_pb2_grpc, secret_metadata
from .backoff import Backoff
from .register_lists import RegisterLists

log = logging.getLogger("gatewayworker.register")


class GatewayWatcher:
    """Keeps a ``Register.WatchGateways`` stream open to every Register and reports the union of
    their lists to ``on_list`` whenever it changes.

    Every message of a Register replaces that Register's list. A Register that goes away keeps its
    last list until it answers again, or for 5 s once another Register is live (``RegisterLists``).
    Streams are reopened with backoff (100 ms doubling to 1 s) whenever they end.
    """

    def __init__(
        self,
        registers: list[str],
        watcher_name: str,
        on_list: Callable[[list[register_pb2.GatewayInfo]], None],
        secret_key: str = "",
    ) -> None:
        self._registers = list(registers)
        self._metadata = secret_metadata(secret_key)
        self._watcher_name = watcher_name
        self._on_list = on_list
        self._lists = RegisterLists()
        self._expiry: asyncio.TimerHandle | None = None
        self._last_key: tuple[str, ...] | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._first_list = asyncio.Event()

    @property
    def has_list(self) -> bool:
        """Whether some Register has sent a list yet."""
        return self._first_list.is_set()

    async def wait_for_list(self) -> None:
        """Returns once some Register has sent a list."""
        await self._first_list.wait()

    def start(self) -> None:
        """Starts following every Register (one task each)."""
        for address in self._registers:
            self._tasks.append(asyncio.create_task(self._follow(address), name=f"register {address}"))

    async def stop(self) -> None:
        """Stops following: ends every stream and task."""
        if self._expiry is not None:
            self._expiry.cancel()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

    def current(self) -> list[register_pb2.GatewayInfo]:
        """The union of the lists that count now, one entry per address."""
        return self._lists.current(asyncio.get_running_loop().time())

    async def _follow(self, address: str) -> None:
        backoff = Backoff(0.1, 1.0)
        failures = 0
        refusal: str | None = None
        async with grpc.aio.insecure_channel(address, options=CHANNEL_OPTIONS) as channel:
            stub = register_pb2_grpc.RegisterStub(channel)
            while True:
                call = stub.WatchGateways(
                    register_pb2.WatchGatewaysRequest(watcher_name=self._watcher_name), metadata=self._metadata
                )
                why = "stream ended"
                refused = False
                try:
                    async for snapshot in call:
                        if failures > 0:
                            log.info("register %s reached again", address)
                        failures = 0
                        refusal = None
                        backoff.reset()
                        self._on_snapshot(address, list(snapshot.gateways))
                except grpc.aio.AioRpcError as err:
                    why = f"{err.code().name}: {err.details()}"
                    refused = err.code() == grpc.StatusCode.UNAUTHENTICATED
                    if refused and why != refusal:
                        # Refused for its secret: said once per reason, then retried quietly.
                        log.error("register %s refused this worker: %s", address, err.details())
                    refusal = why if refused else None
                finally:
                    call.cancel()
                self._lists.down(address, asyncio.get_running_loop().time())
                self._report()
                failures += 1
                if refused:
                    await asyncio.sleep(backoff.next_delay())
                    continue
                # The first failure and then every 30th, not every retry.
                if failures == 1 or failures % 30 == 0:
                    log.warning("register %s: %s; retrying", address, why)
                await asyncio.sleep(backoff.next_delay())

    def _on_snapshot(self, register: str, gateways: list[register_pb2.GatewayInfo]) -> None:
        self._lists.update(register, gateways)
        self._first_list.set()
        self._report()

    def _report(self) -> None:
        """Reports the union if it changed, and schedules a report when the next stale list expires."""
        if not self._lists.has_any_list:
            return
        loop = asyncio.get_running_loop()
        if self._expiry is not None:
            self._expiry.cancel()
            self._expiry = None
        at = self._lists.next_expiry(loop.time())
        if at is not None:
            self._expiry = loop.call_at(at, self._report)
        union = self.current()
        key = tuple(sorted(f"{g.address}/{g.instance_id}/{g.dial_address}" for g in union))
        if key == self._last_key:
            return
        self._last_key = key
        self._on_list(union)
