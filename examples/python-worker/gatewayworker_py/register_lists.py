"""Merging the lists of several Registers (proto/README.md, "Discovering Gateways"): pure state, the
clock passed in, so that it can be tested without waiting."""

from __future__ import annotations

from dataclasses import dataclass

from ._proto import register_pb2

#: How long the last list of a Register whose watch stream broke still counts while another Register
#: is live: long enough for a restarted Register to hear again from every Gateway, short enough that
#: a Gateway that died meanwhile soon drops out (the live Registers have already unlisted it).
STALE_LIST_GRACE_S = 5.0


@dataclass
class _View:
    gateways: list[register_pb2.GatewayInfo]
    #: Since when (clock seconds) the watch stream is broken; None while it is live.
    down_since: float | None = None


class RegisterLists:
    """The Gateway list as several Registers report it.

    - A live Register's latest list always counts.
    - A Register whose stream broke keeps its last list until it answers again (a restart must not
      hide Gateways), but once another Register is live that list counts only for ``grace`` s.
    - While no Register is live at all, the last lists stay: nobody knows better.
    """

    def __init__(self, grace: float = STALE_LIST_GRACE_S) -> None:
        self.grace = grace
        self._views: dict[str, _View] = {}

    @property
    def has_any_list(self) -> bool:
        """Whether some Register has sent a list."""
        return bool(self._views)

    def update(self, register: str, gateways: list[register_pb2.GatewayInfo]) -> None:
        """A snapshot arrived from ``register``: it is live and this is its list."""
        self._views[register] = _View(gateways)

    def down(self, register: str, now: float) -> None:
        """The watch stream to ``register`` broke at ``now`` (its last list is kept for now)."""
        view = self._views.get(register)
        if view is not None and view.down_since is None:
            view.down_since = now

    def next_expiry(self, now: float) -> float | None:
        """When the next stale list stops counting (to recompute the union then), or None."""
        if not self._any_live():
            return None
        ends = [v.down_since + self.grace for v in self._views.values() if v.down_since is not None]
        later = [at for at in ends if at > now]
        return min(later) if later else None

    def current(self, now: float) -> list[register_pb2.GatewayInfo]:
        """The union of the lists that count at ``now``, one entry per address (a live one wins)."""
        any_live = self._any_live()
        counted = [
            v
            for v in self._views.values()
            if v.down_since is None or not any_live or now < v.down_since + self.grace
        ]
        # Stale lists first, so that a live Register's entry for the same address replaces theirs.
        counted.sort(key=lambda v: v.down_since is None)
        by_address: dict[str, register_pb2.GatewayInfo] = {}
        for view in counted:
            for info in view.gateways:
                by_address[info.address] = info
        return list(by_address.values())

    def _any_live(self) -> bool:
        return any(v.down_since is None for v in self._views.values())
