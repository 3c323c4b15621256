"""Reconnect delays: exponential with jitter, reset after a success."""

import random


class Backoff:
    """Delays in seconds from ``initial`` doubling up to ``maximum``, each with ±20 % jitter."""

    def __init__(self, initial: float, maximum: float) -> None:
        self.initial = initial
        self.maximum = maximum
        self._next = initial

    def next_delay(self) -> float:
        """The delay before the next attempt; the one after it is twice as long (up to the maximum)."""
        delay = self._next
        self._next = min(self._next * 2, self.maximum)
        return delay * random.uniform(0.8, 1.2)

    def reset(self) -> None:
        """Back to the initial delay (the last attempt succeeded)."""
        self._next = self.initial
