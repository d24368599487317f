"""Scores of rows kept for the next time the same rows are scored.

What a row scores before the weights come in (residual risk, benefits, nets, floors) depends
on the row alone, so a report viewed again under other weights (a profile switched, a weight
changed) rescores none of its rows: only the balances and verdicts are worked out again.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core.lru import LRU

#: Rows kept in all (about 2 KB each), and the most rows one entry keeps.
MAX_ROWS = 4096
MAX_ENTRY_ROWS = 1024


class KeptScores:
    """A least-recently-used store of weight-independent scores, keyed by the rows' bits and
    bounded by the rows it holds.

    The arrays kept are made read-only: the caller of a scoring gets the kept arrays, and
    a change to one would change every later scoring of the same rows."""

    def __init__(self, max_rows: int = MAX_ROWS):
        self._kept = LRU(max_rows, weigh=lambda key: key[0])

    @staticmethod
    def key(rows: np.ndarray) -> tuple[int, bytes]:
        return len(rows), np.packbits(rows).tobytes()

    def get(self, key: tuple[int, bytes]) -> tuple[Any, ...] | None:
        return self._kept.get(key)

    def put(self, key: tuple[int, bytes], scores: tuple[Any, ...]) -> None:
        if key[0] > MAX_ENTRY_ROWS:
            return
        for array in scores:
            array.flags.writeable = False
        self._kept.set(key, scores)

    def clear(self) -> None:
        self._kept.clear()
