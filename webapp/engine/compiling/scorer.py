"""The scoring model of DESIGN.md, compiled into arrays and applied to rows of rule firings.

One row of ``firing`` says which rules fire in one completion of the answers; one row of
``applies`` which concerns take part in the balance. From them:

* a concern that does not apply counts none of its risks and benefits (its mitigations still
  reduce the risks they target in other concerns);
* residual risk of a fired risk rule r with points p: p * max(floor_c, prod_j (1 - removes_j))
  over the fired mitigations j that target r, multiplied directly (not through logarithms), so
  that shares in tenths of half points give the exact sums they add up to;
* rules that restate one cause (``causes.yaml``) count together at most the cause's cap: past
  it, each member's residual risk (or benefit) is scaled down by the same share;
* per concern: R = sum of residual risk, B = sum of benefit, raw = (R - B) / scale,
  net = raw clipped to [-1, 1];
* balance = sum of w_c * net_c / sum of w_c over the concerns that apply (0 when none does);
* verdict = band of the balance, raised to at least escalate when an applicable concern's net
  reaches ``concern_escalates_at``, to at least proceed-with-conditions when the risk left
  after mitigation (residual risk / scale, summed over the applicable concerns) reaches
  ``residual_conditions_at``, and to at least each fired red line's ``at_least``. Every
  comparison with a cut point or threshold allows TOLERANCE below it.

The same code scores one row (a single assessment) or thousands (every completion of the
unknown answers), so the headline and the analysis can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from ..core.verdicts import Verdict
from ..loading.rulebase import RuleBase
from .kept import KeptScores

# The arrays here are small (hundreds of rows at most): BLAS threads would only spin, taking
# the core another worker process (screening jobs, the web server's workers) is using. One
# thread gives the same sums (BLAS splits rows between threads, not the terms of a sum).
threadpool_limits(limits=1, user_api="blas")

ESCALATE = int(Verdict.ESCALATE)
CONDITIONS = int(Verdict.PROCEED_WITH_CONDITIONS)
#: A value within this much below a cut point or threshold counts as reaching it.
TOLERANCE = 1e-9
#: Rows scored together when multiplying mitigation shares (bounds the working array).
CHUNK = 256
#: Rows from which the distinct sets of fired mitigations are found, to multiply each out once.
DISTINCT_FROM = 24


@dataclass
class Batch:
    """Scores for K rows of firings (arrays have K rows; C is the number of concerns)."""

    factor: np.ndarray  # (K, n_risk) share of each risk left after mitigation, floored
    residual: np.ndarray  # (K, n_risk) residual points after cause caps (0: does not fire)
    benefit_points: np.ndarray  # (K, n_benefit) benefit points after cause caps
    cause_share: np.ndarray  # (K, n_causes) share each cause keeps (1: under its cap)
    applies: np.ndarray  # (K, C) bool: the concern takes part in the balance
    risk: np.ndarray  # (K, C) points before mitigation
    residual_sum: np.ndarray  # (K, C)
    benefit: np.ndarray  # (K, C)
    raw: np.ndarray  # (K, C)
    net: np.ndarray  # (K, C)
    floor: np.ndarray  # (K,) verdict index forced by escalation and red lines
    escalated: np.ndarray  # (K, C) bool: the concern reached concern_escalates_at
    residual_total: np.ndarray  # (K,) residual risk / scale, summed over applicable concerns
    balance: np.ndarray  # (K,)
    band: np.ndarray  # (K,) verdict index of the balance alone
    verdict: np.ndarray  # (K,)


class Scorer:
    """The rule base compiled into arrays once; ``evaluate`` is pure arithmetic."""

    def __init__(self, rulebase: RuleBase):
        rules = rulebase.rules
        concerns = rulebase.concern_ids
        self.concern_ids = concerns
        index = rulebase.rule_index
        self.concern_of = np.array([concerns.index(rule.concern) for rule in rules], dtype=int)
        points = np.array([rule.points for rule in rules], dtype=float)
        self.is_risk = np.array([r.effect == "risk" for r in rules], dtype=bool)
        self.is_mitigation = np.array([r.effect == "mitigation" for r in rules], dtype=bool)
        self.risk_idx = np.flatnonzero(self.is_risk)
        self.benefit_idx = np.flatnonzero(np.array([r.effect == "benefit" for r in rules]))
        #: position of each risk (benefit) rule, by rule index, among the risks (benefits)
        self.risk_position = {int(g): p for p, g in enumerate(self.risk_idx)}
        self.benefit_position = {int(g): p for p, g in enumerate(self.benefit_idx)}
        eye = np.eye(len(concerns))
        self.risk_points = points[self.risk_idx]
        self.benefit_points = points[self.benefit_idx]
        self.risk_concern = eye[self.concern_of[self.risk_idx]].reshape(-1, len(concerns))
        self.benefit_concern = eye[self.concern_of[self.benefit_idx]].reshape(-1, len(concerns))
        floors = {cid: c.floor for cid, c in rulebase.concerns.items()}
        self.risk_floor = np.array([floors[rules[i].concern] for i in self.risk_idx])
        #: (mitigation rule index, position among risks, removes), in rule order
        self.edges = [(i, self.risk_position[index[t.rule]], t.removes)
                      for i, r in enumerate(rules) for t in r.mitigates]
        #: per mitigation rule (by index) and risk position: the share kept (1: no effect)
        self.mitigation_idx = np.flatnonzero(self.is_mitigation)
        self.keep = np.ones((len(self.mitigation_idx), len(self.risk_idx)))
        row_of = {int(m): k for k, m in enumerate(self.mitigation_idx)}
        for mitigation, position, removes in self.edges:
            self.keep[row_of[mitigation], position] *= 1 - removes
        self.cause_ids = tuple(rulebase.causes)
        #: per cause: its effect, cap, and the positions of its members among risks or benefits
        self.causes = [(c.effect, c.cap, np.array(
            [(self.risk_position if c.effect == "risk" else self.benefit_position)[i]
             for i, r in enumerate(rules) if r.cause == c.id], dtype=int))
            for c in rulebase.causes.values()]
        self.scale = np.array([rulebase.concerns[c].scale for c in concerns])
        self.cuts = np.array(rulebase.bands.cuts)
        self.escalates_at = rulebase.bands.concern_escalates_at
        self.residual_conditions_at = rulebase.bands.residual_conditions_at
        self.red_lines = [(i, int(r.red_line.at_least))
                          for i, r in enumerate(rules) if r.red_line is not None]
        self._red_rules = np.array([i for i, _ in self.red_lines], dtype=int)
        self._red_at_least = np.array([a for _, a in self.red_lines], dtype=int)
        self._band_cuts = self.cuts - TOLERANCE
        self._caps = _CapLayout(self.causes, len(self.risk_idx), len(self.benefit_idx))
        #: scores kept for rows scored again (None: keep nothing, as for batch screening)
        self.kept: KeptScores | None = KeptScores()

    def weight_vector(self, weights: Mapping[str, float]) -> np.ndarray:
        return np.array([float(weights[c]) for c in self.concern_ids])

    def evaluate(self, rows: np.ndarray, weights: np.ndarray) -> Batch:
        """Score K rows of truths (bool, (K, n_rules + C)): which rules fire, then which
        concerns apply. What does not depend on the weights is kept for the same rows."""
        rows = np.asarray(rows, dtype=bool)
        kept = self.kept
        if kept is None:
            scores = self._weighless(rows)
        else:
            key = kept.key(rows)
            scores = kept.get(key)
            if scores is None:
                scores = self._weighless(rows)
                kept.put(key, scores)
        batch = Batch(*scores, balance=None, band=None, verdict=None)
        batch.balance, batch.band, batch.verdict = self.verdicts(batch.net, batch.floor, weights,
                                                                 batch.applies)
        return batch

    def _weighless(self, rows: np.ndarray) -> tuple[np.ndarray, ...]:
        """Batch's fields up to ``residual_total``: every score that the weights leave alone."""
        n_rules = len(self.concern_of)
        firing, applies = rows[:, :n_rules], rows[:, n_rules:]
        # A rule counts when its concern applies (mitigations always): usually every concern
        counted = firing if applies.all() else firing & (applies[:, self.concern_of]
                                                          | self.is_mitigation)
        factor = self._mitigation_factor(counted)
        risk_fired = counted[:, self.risk_idx]
        residual = self.risk_points * factor * risk_fired
        benefit_points = self.benefit_points * counted[:, self.benefit_idx]
        cause_share = self._cap_causes(residual, benefit_points)
        risk = (self.risk_points * risk_fired) @ self.risk_concern
        residual_sum = residual @ self.risk_concern
        benefit = benefit_points @ self.benefit_concern
        raw = (residual_sum - benefit) / self.scale
        net = np.minimum(np.maximum(raw, -1.0), 1.0)  # np.clip, without its overhead
        escalated = (net >= self.escalates_at - TOLERANCE) & applies
        floor = np.where(_any(escalated, 1), ESCALATE, 0)
        residual_total = np.add.reduce(residual_sum / self.scale * applies, axis=1)
        if self.residual_conditions_at is not None:
            needs_conditions = residual_total >= self.residual_conditions_at - TOLERANCE
            floor = np.maximum(floor, np.where(needs_conditions, CONDITIONS, 0))
        if self.red_lines:
            fired = np.maximum.reduce(
                np.where(firing[:, self._red_rules], self._red_at_least, 0), axis=1)
            floor = np.maximum(floor, fired)
        return (factor, residual, benefit_points, cause_share, applies.copy(), risk,
                residual_sum, benefit, raw, net, floor, escalated, residual_total)

    def _mitigation_factor(self, counted: np.ndarray) -> np.ndarray:
        """Per row and risk: the product of (1 - removes) of its fired mitigations, in rule
        order, floored. Each distinct set of fired mitigations is multiplied out once (rows
        share them: unknowns rarely touch mitigations), in chunks so that the (rows,
        mitigations, risks) array stays small."""
        fired = counted[:, self.mitigation_idx]
        used = _any(fired, 0)
        if not used.any():
            factor = np.empty((len(counted), len(self.risk_idx)))
            factor.fill(1.0)
            return np.maximum(self.risk_floor, factor)
        fired, keep = fired[:, used], self.keep[used]
        inverse = None
        if len(fired) > 1 and not (fired != fired[0]).any():
            fired, inverse = fired[:1], np.zeros(len(fired), dtype=int)
        elif len(fired) > DISTINCT_FROM:
            fired, inverse = _distinct_rows(fired)
        factor = np.empty((len(fired), len(self.risk_idx)))
        factor.fill(1.0)
        targets: slice | np.ndarray = slice(None)
        if len(fired) > 8:  # only the risks they target (the product is 1 for the others)
            targets = np.flatnonzero(_any(keep != 1.0, 0))
            keep = keep[:, targets]
        for start in range(0, len(fired), CHUNK):
            rows = fired[start:start + CHUNK]
            factor[start:start + CHUNK, targets] = np.where(rows[:, :, None], keep[None],
                                                            1.0).prod(axis=1)
        if inverse is not None:
            factor = factor[inverse]
        return np.maximum(self.risk_floor, factor)

    def _cap_causes(self, residual: np.ndarray, benefit_points: np.ndarray) -> np.ndarray:
        """Scale each cause's members down, in place, so that together they count at most its
        cap; return the share each cause keeps per row."""
        layout = self._caps
        share = np.empty((len(residual), len(self.causes)))
        share.fill(1.0)
        if not self.causes:
            return share
        values = np.concatenate((residual, benefit_points, np.zeros((len(residual), 1))), axis=1)
        total = np.empty_like(share)
        # Each cause's total as np.add.reduce over its members gives it: in order for fewer
        # than eight (the padding adds exact zeros after them), pairwise for the others.
        total[:, layout.short] = np.add.reduce(values[:, layout.padded], axis=2)
        for k, columns in layout.long:
            total[:, k] = np.add.reduce(values[:, columns], axis=1)
        over = total > layout.limit
        if not _any(over, None):
            return share
        np.divide(layout.caps, total, out=share, where=over)
        # Every member times its cause's share (1.0, exact, where under the cap)
        scale = np.concatenate((share, np.ones((len(share), 1))), axis=1)[:, layout.cause_of]
        residual *= scale[:, :residual.shape[1]]
        benefit_points *= scale[:, residual.shape[1]:]
        return share

    def verdicts(self, net: np.ndarray, floor: np.ndarray, weights: np.ndarray,
                 applies: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Balance, band and verdict of rows of nets under one weight vector."""
        counted = weights * applies
        total = np.add.reduce(counted, axis=1)  # as .sum, without its wrapper
        weighted = np.add.reduce(net * counted, axis=1)
        balance = np.divide(weighted, total, out=np.zeros(len(net)), where=total > 0)
        # Rounded: BLAS sums in a processor's own order, and a last-bit difference must not
        # reorder tied alternatives or change which row is the worst from machine to machine.
        balance = np.rint(balance * 1e12) / 1e12  # np.round(balance, 12), as numpy does it
        band = self._band_cuts.searchsorted(balance, side="right")
        return balance, band, np.maximum(band, floor)


class _CapLayout:
    """Where each cause's members sit among the risks, then the benefits (one array)."""

    def __init__(self, causes: list[tuple[str, float, np.ndarray]], n_risk: int,
                 n_benefit: int):
        columns = [members if effect == "risk" else members + n_risk
                   for effect, _, members in causes]
        zero = n_risk + n_benefit  # a column of zeros, for padding
        self.short = [k for k, c in enumerate(columns) if len(c) < 8]
        width = max((len(columns[k]) for k in self.short), default=0)
        self.padded = np.full((len(self.short), width), zero, dtype=int)
        for row, k in enumerate(self.short):
            self.padded[row, :len(columns[k])] = columns[k]
        self.long = [(k, c) for k, c in enumerate(columns) if len(c) >= 8]
        self.caps = np.array([cap for _, cap, _ in causes], dtype=float)
        self.limit = self.caps + TOLERANCE
        #: per column, its cause (len(causes): none)
        self.cause_of = np.full(n_risk + n_benefit, len(causes), dtype=int)
        for k, c in enumerate(columns):
            self.cause_of[c] = k


def _distinct_rows(fired: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """The distinct rows of a bool array and, per row, which of them it is (None: all
    distinct, the rows themselves)."""
    if fired.shape[1] < 63:  # each row as the bits of one integer
        keys = fired @ (np.int64(1) << np.arange(fired.shape[1], dtype=np.int64))
        _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    else:
        _, first, inverse = np.unique(fired, axis=0, return_index=True, return_inverse=True)
    if len(first) == len(fired):
        return fired, None
    return fired[first], inverse.reshape(-1)


def _any(values: np.ndarray, axis: int | None) -> np.ndarray:
    """``values.any(axis)`` without the method's Python overhead (this runs per call)."""
    return np.logical_or.reduce(values, axis=axis)
