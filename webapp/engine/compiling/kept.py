"""Scores of rows kept for the next time the same rows are scored.

What a row scores before the weights come in (residual risk, benefits, nets, floors) depends
on the row alone, so a report viewed again under other weights (a profile switched, a weight
changed) rescores none of its rows: only the balances and verdicts are worked out again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

import numpy as np

#: Rows kept in all (about 2 KB each), and the most rows one entry keeps.
MAX_ROWS = 4096
MAX_ENTRY_ROWS = 1024


class KeptScores:
    """A least-recently-used store of weight-independent scores, keyed by the rows' bits.

    The arrays kept are made read-only: the caller of a scoring gets the kept arrays, and
    a change to one would change every later scoring of the same rows."""

    def __init__(self, max_rows: int = MAX_ROWS):
        self.max_rows = max_rows
        self._entries: OrderedDict[tuple[int, bytes], tuple[Any, ...]] = OrderedDict()
        self._rows = 0
        self._lock = threading.Lock()

    @staticmethod
    def key(rows: np.ndarray) -> tuple[int, bytes]:
        return len(rows), np.packbits(rows).tobytes()

    def get(self, key: tuple[int, bytes]) -> tuple[Any, ...] | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple[int, bytes], scores: tuple[Any, ...]) -> None:
        if key[0] > MAX_ENTRY_ROWS:
            return
        for array in scores:
            array.flags.writeable = False
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = scores
            self._rows += key[0]
            while self._rows > self.max_rows:
                (rows, _), _ = self._entries.popitem(last=False)
                self._rows -= rows

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._rows = 0
