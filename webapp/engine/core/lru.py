"""A small least-recently-used map, safe to share between threads (the engine's kept work and
the web app's kept pages and fragments)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class LRU:
    """A small least-recently-used map, safe to share between a worker's threads. It holds at
    most ``size`` entries, or with ``weigh`` entries whose weights (of their keys) add up to at
    most ``size``."""

    def __init__(self, size: int, weigh: Callable[[Any], int] | None = None):
        self.size = size
        self._weigh = weigh or (lambda key: 1)
        self._weight = 0
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def set(self, key: Hashable, value: Any) -> None:
        with self._lock:
            if key not in self._items:
                self._weight += self._weigh(key)
            self._items[key] = value
            self._items.move_to_end(key)
            while self._weight > self.size:
                dropped, _ = self._items.popitem(last=False)
                self._weight -= self._weigh(dropped)

    def get_or_make(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value kept under ``key``, made with ``make()`` and kept when missing."""
        value = self.get(key)
        if value is None:
            value = make()
            self.set(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._weight = 0

    def __len__(self) -> int:
        return len(self._items)
