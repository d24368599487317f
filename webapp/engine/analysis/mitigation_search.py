"""The search behind "what would change the verdict": sets of mitigations not in place, tried
size by size, each distinct set of answers scored once.

Most sets' rows are put together from their members' own changes (a numpy operation per size
rather than Python work per set); the sets where that is not exact are scored as before.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations
from typing import Any

import numpy as np

from ..core.results import MitigationSet
from ..core.verdicts import Verdict
from ..scoring.context import Context, extremes
from .incremental import Rescorer

#: Scores whole answer sets again (headline only), together: (verdict, balance) of each.
Rescore = Callable[[list[dict[str, Any]]], list[tuple[int, float]]]

MAX_VERIFIED = 6


class SetSearch:
    """Sets of mitigations tried size by size; a set is skipped when a smaller one it contains
    already helps.

    With every answer known the incremental re-scoring is exact; with unknowns it screens on
    the worst completion (a set that helps must help there too) and each hit is confirmed by a
    full re-score, at most MAX_VERIFIED of them.
    """

    def __init__(self, context: Context, rescorer: Rescorer, current: int, rescore: Rescore,
                 candidates: list[tuple[str, dict[str, Any]]]):
        self.context, self.rescorer, self.current, self.rescore = (
            context, rescorer, current, rescore)
        self.candidates = candidates
        self.confirm = bool(context.unknown_questions)
        self.verified = 0
        self.found: list[frozenset[int]] = []
        self.results: list[MitigationSet] = []
        # Each candidate's answers as bits, one per (question, repr of the answer): two sets
        # with the same bits are the same answers, scored once.
        bit: dict[tuple[str, str], int] = {}
        self.parts = [sum(1 << bit.setdefault((q, repr(v)), len(bit)) for q, v in change.items())
                      for _, change in candidates]
        self.pieces = _Pieces(rescorer, [change for _, change in candidates])

    def try_size(self, size: int) -> None:
        every = list(combinations(range(len(self.candidates)), size))
        allowed = self.pieces.compatible(every)
        combos = [combo for combo, ok in zip(every, allowed, strict=True)
                  if ok and not any(prev <= frozenset(combo) for prev in self.found)]
        if not combos:
            return
        # Sets of mitigations often come to the same answers (two rules read one question):
        # score each distinct set of answers once.
        parts = self.parts
        keys = [_union(parts, combo) for combo in combos]
        first: dict[int, int] = {}
        for k, key in enumerate(keys):
            first.setdefault(key, k)
        distinct = list(first.values())
        verdicts_of, balances_of = self._score([combos[k] for k in distinct])
        position = {key: n for n, key in enumerate(first)}
        verdicts = [verdicts_of[position[key]] for key in keys]
        balances = [balances_of[position[key]] for key in keys]
        hits = [k for k, verdict in enumerate(verdicts) if int(verdict) < self.current]
        hits.sort(key=lambda k: (int(verdicts[k]), float(balances[k])))
        if self.confirm:  # the first hits, up to MAX_VERIFIED in all, re-scored in full
            hits = hits[:MAX_VERIFIED - self.verified]
            self.verified += len(hits)
            confirmed = self.rescore([{**self.context.answers, **self.pieces.merged(combos[k])}
                                      for k in hits])
        for n, k in enumerate(hits):
            combo, change = combos[k], self.pieces.merged(combos[k])
            verdict, balance = int(verdicts[k]), float(balances[k])
            if self.confirm:
                verdict, balance = confirmed[n]
                if verdict >= self.current:
                    continue
            self.found.append(frozenset(combo))
            self.results.append(MitigationSet(
                [self.candidates[j][0] for j in combo],
                {q: self.rescorer.answer(q, v) for q, v in change.items()}, Verdict(verdict),
                balance))

    def _score(self, combos: list[tuple[int, ...]]) -> tuple[np.ndarray, np.ndarray]:
        """The worst verdict and highest balance of each set, as ``Rescorer.score`` gives
        them: from the members' rows where that is exact, else re-evaluated."""
        weights = self.context.weight_vector
        rows = self.pieces.rows(combos)
        if rows is None:
            return self.rescorer.score([self.pieces.merged(c) for c in combos], weights)
        return extremes(self.rescorer.rulebase, rows, np.arange(len(rows)), len(rows), weights,
                        True)


class _Pieces:
    """The candidates' own changes to the rules' truth, to put a set's row together.

    A set's row is its members' changes laid over the base row when that is what re-evaluating
    the merged answers gives: no member's answers decide an applicability or leave a concern's
    unknown, and a rule two members both change reads, of their changed questions, only
    questions they change alike (so it comes out the same from either)."""

    def __init__(self, rescorer: Rescorer, changes: list[dict[str, Any]]):
        rulebase = rescorer.rulebase
        self.changes = changes
        self.base = rescorer.base_row
        n = len(changes)
        self.conflict = np.zeros((n, n), dtype=bool)  # the same question, different answers
        for i, j in combinations(range(n), 2):
            shared = changes[i].keys() & changes[j].keys()
            if any(changes[i][q] != changes[j][q] for q in shared):
                self.conflict[i, j] = self.conflict[j, i] = True
        self.usable = self.base is not None and not any(
            set(change) & rulebase.controllers for change in changes)
        if not self.usable:
            return
        width = len(self.base)
        self.touched = np.zeros((n, width), dtype=bool)
        self.fires = np.zeros((n, width), dtype=bool)
        columns: list[set[int]] = []
        for j, change in enumerate(changes):
            truths = rescorer.changed_truth(change)
            if any(value is None and rulebase.is_concern[i] for i, value in truths.items()):
                self.usable = False
                return
            for index, value in truths.items():
                self.touched[j, index] = True
                self.fires[j, index] = value is True or (
                    value is None and bool(rulebase.is_risk[index]))
            columns.append(set(truths))
        reads = rulebase.rule_questions
        self.clash = np.zeros((n, n), dtype=bool)  # their rows cannot simply be laid together
        for i, j in combinations(range(n), 2):
            questions = changes[i].keys() | changes[j].keys()
            alike = changes[i].keys() & changes[j].keys()
            for index in columns[i] & columns[j]:
                if (set(reads[index]) & questions) - alike:
                    self.clash[i, j] = self.clash[j, i] = True
                    break

    def compatible(self, combos: list[tuple[int, ...]]) -> list[bool]:
        """Per set: whether its members answer every question they share alike."""
        if not combos or len(combos[0]) == 1:
            return [True] * len(combos)
        members = np.array(combos)
        return (~self.conflict[members[:, :, None], members[:, None, :]].any(axis=(1, 2))
                ).tolist()

    def merged(self, combo: tuple[int, ...]) -> dict[str, Any]:
        """The set's answers (its members answer the questions they share alike)."""
        merged: dict[str, Any] = {}
        for j in combo:
            merged.update(self.changes[j])
        return merged

    def rows(self, combos: list[tuple[int, ...]]) -> np.ndarray | None:
        """Each set's row, or None when one of them cannot be put together exactly."""
        if not self.usable or not combos:
            return None
        members = np.array(combos)
        if members.shape[1] > 1:
            clash = self.clash[members[:, :, None], members[:, None, :]]
            if clash.any():
                return None
        touched_by = self.touched[members]
        touched = np.logical_or.reduce(touched_by, axis=1)
        fires = np.logical_or.reduce(touched_by & self.fires[members], axis=1)
        return np.where(touched, fires, self.base[None, :])


def _union(parts: list[int], combo: tuple[int, ...]) -> int:
    key = 0
    for j in combo:
        key |= parts[j]
    return key
