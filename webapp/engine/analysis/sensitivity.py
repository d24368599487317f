"""Weight sensitivity: the verdict under every profile, and for each concern the range of its
weight (the others fixed) over which the verdict holds.

For one completion with nets n, raising concern c's weight to x gives
balance(x) = (x·n_c + S) / (x + W) when c applies, with S and W the weighted nets and weights of
the other applicable concerns: monotone in x, so it crosses a band's cut point t at most once,
at x = (S − t·W) / (t − n_c). Where c does not apply the balance does not depend on x. The
headline verdict is the worst over the completions; it can only change at one of these crossing
points, so the range is found by stepping from the current weight to the nearest crossing
points and checking the verdict on each side.
"""

from __future__ import annotations

import numpy as np

from ..compiling.scorer import TOLERANCE, Scorer
from ..core.results import Sensitivity, WeightRange
from ..core.verdicts import Verdict

#: Completions from which repeated rows are dropped before the sensitivity is worked out.
UNIQUE_FROM = 32


class VerdictOfWeight:
    """The headline verdict as a function of one concern's weight."""

    def __init__(self, nets: np.ndarray, floors: np.ndarray, applies: np.ndarray,
                 weights: np.ndarray, concern: int, cuts: np.ndarray):
        others = weights * applies
        others[:, concern] = 0.0
        self.total_others = others.sum(axis=1)
        self.weighted_others = (nets * others).sum(axis=1)
        self.nets = nets[:, concern]
        self.applies = applies[:, concern].astype(float)
        self.floors = floors
        self.cuts = cuts - TOLERANCE

    def __call__(self, x: float) -> int:
        return int(self.at(np.array([x]))[0])

    def at(self, xs: np.ndarray) -> np.ndarray:
        """The verdict at each weight of ``xs`` (the same arithmetic, one weight a row)."""
        x = xs[:, None]
        denominator = x * self.applies + self.total_others
        numerator = x * self.applies * self.nets + self.weighted_others
        balance = np.divide(numerator, denominator, out=np.zeros(denominator.shape),
                            where=denominator > 0)
        band = np.searchsorted(self.cuts, balance.ravel(), side="right").reshape(balance.shape)
        return np.maximum(band, self.floors).max(axis=1)

    def crossings(self) -> np.ndarray:
        """Every positive weight at which some completion's balance meets a cut point."""
        if not len(self.cuts):
            return np.zeros(0)
        cuts = self.cuts[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            x = (self.weighted_others - cuts * self.total_others) / (cuts - self.nets)
        x = x[:, self.applies > 0]
        # np.unique's values, without its general-purpose checks (a third of this function)
        x = x[np.isfinite(x) & (x > 0)]
        x.sort()
        return x[np.concatenate(([True], x[1:] != x[:-1]))] if len(x) > 1 else x


def weight_range(function: VerdictOfWeight, x0: float) -> tuple[float, float | None]:
    """[holds_from, holds_to] around x0; holds_to None when the verdict holds however high."""
    verdict = function(x0)
    points = function.crossings()
    right = points[points > x0]
    # Each crossing point in turn, nearest first: the verdict changes at it or before the next.
    right_end = _first_change(function, verdict, right, np.append(right[1:], right[-1:] * 2 + 1))
    left = points[points < x0][::-1]
    left_end = _first_change(function, verdict, left, np.append(left[1:], 0.0))
    return (0.0 if left_end is None else left_end), right_end


def _first_change(function: VerdictOfWeight, verdict: int, points: np.ndarray,
                  nexts: np.ndarray) -> float | None:
    """The first point at which, or between which and the next, the verdict is not
    ``verdict``; None when there is none. Points are checked in blocks of 1, 2, 4, ... (most
    ranges end at the first)."""
    start, size = 0, 1
    while start < len(points):
        block = points[start:start + size]
        middles = (block + nexts[start:start + size]) / 2
        verdicts = function.at(np.concatenate([block, middles]))
        changed = (verdicts[:len(block)] != verdict) | (verdicts[len(block):] != verdict)
        if changed.any():
            return float(block[int(np.argmax(changed))])
        start, size = start + size, size * 2
    return None


def sensitivity(scorer: Scorer, nets: np.ndarray, floors: np.ndarray, applies: np.ndarray,
                weights: np.ndarray, profiles: dict[str, np.ndarray]) -> Sensitivity:
    """Verdicts under every profile and, per concern, the weight range where the verdict holds.

    ``nets``, ``floors`` and ``applies`` have one row per completion (one row when no answer is
    unknown).
    """
    rows = np.column_stack([nets, floors, applies])
    # Every result below is a maximum, a union or a test over the rows, each row on its own:
    # repeated rows change nothing, so they are dropped only where it pays.
    if len(rows) > UNIQUE_FROM:
        rows = np.unique(rows, axis=0)
    count = nets.shape[1]
    nets, floors = rows[:, :count], rows[:, count].astype(int)
    applies = rows[:, count + 1:].astype(bool)
    by_profile = {}
    for name, vector in profiles.items():
        _, _, verdicts = scorer.verdicts(nets, floors, vector, applies)
        by_profile[name] = Verdict(int(verdicts.max()))
    ranges = {}
    for c, concern in enumerate(scorer.concern_ids):
        function = VerdictOfWeight(nets, floors, applies, weights, c, scorer.cuts)
        low, high = weight_range(function, float(weights[c]))
        takes_part = applies[:, c]
        ranges[concern] = WeightRange(float(weights[c]), low, high,
                                      bool(takes_part[0]) if len(set(takes_part)) == 1 else None)
    return Sensitivity(by_profile, ranges)
