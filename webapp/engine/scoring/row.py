"""The report's numbers for one row of firings, every finding traced to its answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..compiling.scorer import Batch
from ..core.results import (
    BandReason,
    ConcernReason,
    ConcernScore,
    Finding,
    MitigationApplied,
    RedLineNote,
    RedLineReason,
    RedLineStatus,
    Reduction,
    ResidualReason,
    VerdictReason,
)
from ..core.values import NOT_APPLICABLE, UNKNOWN, Conditional
from ..core.verdicts import Verdict
from ..loading.model import Rule
from .context import Context


@dataclass
class RowScore:
    """One row scored and explained: what the headline of a result shows."""

    verdict: Verdict
    balance: float
    band: Verdict
    concerns: dict[str, ConcernScore]
    findings: list[Finding]
    red_lines: list[RedLineStatus]
    reasons: list[VerdictReason]


def display_value(question: Any, value: Any) -> Any:
    """A state value as a finding's "because" shows it."""
    if value is NOT_APPLICABLE:
        return "not applicable"
    if value == UNKNOWN:
        return value
    if isinstance(value, Conditional):  # the answer given; whether it applies is unknown
        value = value.value
    return question.kind.answer(value)


def score_row(context: Context, firing: np.ndarray, assumed: dict[str, Any]) -> RowScore:
    rulebase = context.rulebase
    batch = rulebase.scorer.evaluate(firing[None, :], context.weight_vector)
    total_weight = float(context.weight_vector.sum())
    red_lines = [RedLineStatus(rule.id, rule.says, rule.red_line.at_least,
                               rule.red_line.lifted_by,
                               "fired" if context.truth[i] is True else "possible")
                 for i, rule in enumerate(rulebase.rules)
                 if rule.red_line is not None and context.truth[i] is not False]
    band = Verdict(int(batch.band[0]))
    return RowScore(
        verdict=Verdict(int(batch.verdict[0])), balance=float(batch.balance[0]), band=band,
        concerns=_concern_scores(context, batch, firing, total_weight),
        findings=_findings(context, batch, firing, assumed, total_weight),
        red_lines=red_lines, reasons=_reasons(context, batch, band, firing, red_lines))


def _reasons(context: Context, batch: Batch, band: Verdict, firing: np.ndarray,
             red_lines: list[RedLineStatus]) -> list[VerdictReason]:
    bands = context.rulebase.bands
    reasons: list[VerdictReason] = [BandReason(band)]
    for c, concern in enumerate(context.rulebase.concern_ids):
        if batch.escalated[0, c]:
            reasons.append(ConcernReason(concern, float(batch.net[0, c]),
                                         bands.concern_escalates_at))
    threshold = bands.residual_conditions_at
    if threshold is not None and batch.residual_total[0] >= threshold and band < 1:
        reasons.append(ResidualReason(float(batch.residual_total[0]), threshold))
    index = context.rulebase.rule_index
    for line in red_lines:
        if firing[index[line.rule]]:
            reasons.append(RedLineReason(line.rule, line.at_least, line.status))
    return reasons


def _concern_scores(context: Context, batch: Batch, firing: np.ndarray,
                    total_weight: float) -> dict[str, ConcernScore]:
    rulebase = context.rulebase
    scores = {}
    for c, concern in enumerate(rulebase.concern_ids):
        raw, net = float(batch.raw[0, c]), float(batch.net[0, c])
        weight = context.weights[concern]
        evidence = bool(firing[rulebase.scorer.concern_of == c].any())
        scores[concern] = ConcernScore(
            concern=concern, weight=weight, risk=float(batch.risk[0, c]),
            residual_risk=float(batch.residual_sum[0, c]), benefit=float(batch.benefit[0, c]),
            raw=raw, net=net, saturated=raw != net, evidence=evidence,
            scale=rulebase.concerns[concern].scale, weighted=weight * net / total_weight)
    return scores


def _because(index: int, context: Context, assumed: dict[str, Any]) -> dict[str, Any]:
    state = context.resolution.state
    questions = context.rulebase.bank.questions
    because = {}
    for qid in context.rulebase.rule_questions[index]:
        if qid in assumed:
            because[qid] = {"unknown, assumed": assumed[qid]}
        else:
            because[qid] = display_value(questions[qid], state.get(qid, UNKNOWN))
    return because


def _findings(context: Context, batch: Batch, firing: np.ndarray, assumed: dict[str, Any],
              total_weight: float) -> list[Finding]:
    rulebase = context.rulebase
    scorer = rulebase.scorer
    # Mitigations that fire, per risk position, for attribution of the points they take off.
    fired_edges: dict[int, list[tuple[int, float]]] = {}
    for mitigation, position, removes in scorer.edges:
        if firing[mitigation]:
            fired_edges.setdefault(position, []).append((mitigation, removes))
    concern_index = {c: i for i, c in enumerate(rulebase.concern_ids)}
    findings = []
    for i, rule in enumerate(rulebase.rules):
        truth = context.truth[i]
        if truth is False:
            continue
        per_point = context.weights[rule.concern] / (
            scorer.scale[concern_index[rule.concern]] * total_weight)
        counts = bool(firing[i])
        finding = Finding(
            rule=rule.id, title=rule.title, concern=rule.concern, effect=rule.effect,
            status="fired" if truth is True else "possible", counts=counts,
            points=rule.points, residual=rule.points, weighted=0.0, says=rule.says,
            why=rule.why, source=rule.source, advice=rule.advice,
            because=_because(i, context, assumed),
            red_line=(RedLineNote(rule.red_line.at_least, rule.red_line.lifted_by)
                      if rule.red_line else None),
            dilemmas=list(rule.dilemmas))
        if rule.effect == "risk":
            position = scorer.risk_position[i]
            finding.residual = rule.points * float(batch.factor[0, position])
            finding.mitigated_by = [MitigationApplied(rulebase.rules[m].id, removes)
                                    for m, removes in fired_edges.get(position, [])]
            if counts:
                finding.weighted = per_point * finding.residual
        elif rule.effect == "benefit":
            finding.weighted = -per_point * rule.points if counts else 0.0
        else:
            finding.residual = 0.0
            finding.reduces = _reductions(i, rule, context, batch, firing, fired_edges)
            finding.points = sum(item.points_removed for item in finding.reduces)
        findings.append(finding)
    findings.sort(key=lambda f: (not f.counts, f.effect == "mitigation", -abs(f.weighted)))
    return findings


def _reductions(index: int, rule: Rule, context: Context, batch: Batch, firing: np.ndarray,
                fired_edges: dict[int, list[tuple[int, float]]]) -> list[Reduction]:
    """What a mitigation takes off each target: the target's removed points shared among its
    fired mitigations in proportion to what each removes (zero when it does not fire)."""
    rulebase = context.rulebase
    reductions = []
    for target in rule.mitigates:
        target_index = rulebase.rule_index[target.rule]
        position = rulebase.scorer.risk_position[target_index]
        removed = 0.0
        if firing[index] and firing[target_index]:
            edges = fired_edges.get(position, [])
            share = target.removes / sum(r for _, r in edges)
            removed = (rulebase.rules[target_index].points
                       * (1.0 - float(batch.factor[0, position])) * share)
        reductions.append(Reduction(target.rule, target.removes, removed,
                                    bool(firing[target_index])))
    return reductions
