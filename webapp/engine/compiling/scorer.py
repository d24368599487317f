"""The scoring model of DESIGN.md, compiled into arrays and applied to rows of rule firings.

One row of ``F`` says which rules fire in one completion of the answers. From it:

* residual risk of a fired risk rule r: p_r * max(floor_c, prod_j (1 - removes_j)) over the fired
  mitigations j that target r;
* per concern: R = sum of residual risk, B = sum of benefit points, raw = (R - B) / scale,
  net = raw clipped to [-1, 1];
* balance = sum_c w_c * net_c / sum_c w_c (positive argues against going ahead);
* verdict = band of the balance, raised to at least escalate when a concern's net reaches
  ``concern_escalates_at``, to at least proceed-with-conditions when the risk left after
  mitigation (residual risk / scale, summed over concerns) reaches ``residual_conditions_at``,
  and to at least each fired red line's ``at_least``.

The same code scores one row (a single assessment) or thousands (every completion of the
unknown answers), so the headline and the analysis can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..core.verdicts import Verdict
from ..loading.rulebase import RuleBase

ESCALATE = int(Verdict.ESCALATE)
CONDITIONS = int(Verdict.PROCEED_WITH_CONDITIONS)


@dataclass
class Batch:
    """Scores for K rows of firings (arrays have K rows; C is the number of concerns)."""

    factor: np.ndarray  # (K, n_risk) share of each risk left after mitigation, floored
    residual: np.ndarray  # (K, n_risk) residual points (0 when the risk does not fire)
    risk: np.ndarray  # (K, C) points before mitigation
    residual_sum: np.ndarray  # (K, C)
    benefit: np.ndarray  # (K, C)
    raw: np.ndarray  # (K, C)
    net: np.ndarray  # (K, C)
    floor: np.ndarray  # (K,) verdict index forced by escalation and red lines
    escalated: np.ndarray  # (K, C) bool: the concern reached concern_escalates_at
    residual_total: np.ndarray  # (K,) residual risk / scale, summed over the concerns
    balance: np.ndarray  # (K,)
    band: np.ndarray  # (K,) verdict index of the balance alone
    verdict: np.ndarray  # (K,)


class Scorer:
    """The rule base compiled into arrays once; ``evaluate`` is pure arithmetic."""

    def __init__(self, rulebase: RuleBase):
        rules = rulebase.rules
        concerns = rulebase.concern_ids
        n_concerns = len(concerns)
        self.concern_ids = concerns
        index = rulebase.rule_index
        concern_of = np.array([concerns.index(rule.concern) for rule in rules], dtype=int)
        self.concern_of = concern_of
        points = np.array([rule.points for rule in rules], dtype=float)
        self.is_risk = np.array([r.effect == "risk" for r in rules], dtype=bool)
        self.risk_idx = np.flatnonzero(self.is_risk)
        self.benefit_idx = np.array(
            [i for i, r in enumerate(rules) if r.effect == "benefit"], dtype=int)
        #: position of each risk rule (by rule index) among the risks
        self.risk_position = {int(g): p for p, g in enumerate(self.risk_idx)}
        eye = np.eye(n_concerns)
        self.risk_points = points[self.risk_idx]
        self.risk_concern = eye[concern_of[self.risk_idx]].reshape(-1, n_concerns)
        self.risk_weighted_onehot = self.risk_concern * self.risk_points[:, None]
        self.benefit_onehot = (eye[concern_of[self.benefit_idx]].reshape(-1, n_concerns)
                               * points[self.benefit_idx][:, None])
        floors = {cid: c.floor for cid, c in rulebase.concerns.items()}
        self.risk_floor = np.array([floors[rules[i].concern] for i in self.risk_idx])
        #: (mitigation rule index, position among risks, removes)
        self.edges = [(i, self.risk_position[index[t.rule]], t.removes)
                      for i, r in enumerate(rules) for t in r.mitigates]
        # The product of (1 - removes) over fired mitigations as one matrix product in log
        # space; a share of 1 is kept just below 1 (the floor, above 0, decides then anyway).
        self.log_keep = np.zeros((len(rules), len(self.risk_idx)))
        for mitigation, position, removes in self.edges:
            self.log_keep[mitigation, position] += np.log1p(-min(removes, 1 - 1e-9))
        self.scale = np.array([rulebase.concerns[c].scale for c in concerns])
        self.cuts = np.array(rulebase.bands.cuts)
        self.escalates_at = rulebase.bands.concern_escalates_at
        self.residual_conditions_at = rulebase.bands.residual_conditions_at
        self.red_lines = [(i, int(r.red_line.at_least))
                          for i, r in enumerate(rules) if r.red_line is not None]

    def weight_vector(self, weights: Mapping[str, float]) -> np.ndarray:
        return np.array([float(weights[c]) for c in self.concern_ids])

    def evaluate(self, firing: np.ndarray, weights: np.ndarray) -> Batch:
        """Score K rows of firings (a bool array of shape (K, n_rules))."""
        firing = np.asarray(firing, dtype=bool)
        product = np.exp(firing.astype(float) @ self.log_keep)
        factor = np.maximum(self.risk_floor, product)
        risk_fired = firing[:, self.risk_idx]
        residual = self.risk_points * factor * risk_fired
        risk = risk_fired.astype(float) @ self.risk_weighted_onehot
        residual_sum = residual @ self.risk_concern
        benefit = firing[:, self.benefit_idx].astype(float) @ self.benefit_onehot
        raw = (residual_sum - benefit) / self.scale
        net = np.clip(raw, -1.0, 1.0)
        escalated = net >= self.escalates_at
        floor = np.where(escalated.any(axis=1), ESCALATE, 0)
        residual_total = (residual_sum / self.scale).sum(axis=1)
        if self.residual_conditions_at is not None:
            needs_conditions = residual_total >= self.residual_conditions_at
            floor = np.maximum(floor, np.where(needs_conditions, CONDITIONS, 0))
        for rule, at_least in self.red_lines:
            floor = np.maximum(floor, np.where(firing[:, rule], at_least, 0))
        balance, band, verdict = self.verdicts(net, floor, weights)
        return Batch(factor, residual, risk, residual_sum, benefit, raw, net, floor, escalated,
                     residual_total, balance, band, verdict)

    def verdicts(self, net: np.ndarray, floor: np.ndarray, weights: np.ndarray,
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Balance, band and verdict of rows of nets under one weight vector."""
        balance = net @ weights / weights.sum()
        band = np.searchsorted(self.cuts, balance, side="right")
        return balance, band, np.maximum(band, floor)
