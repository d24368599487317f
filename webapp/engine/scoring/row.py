"""The report's numbers for one row of truths, every finding traced to its answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..compiling.scorer import TOLERANCE, Batch
from ..core.results import (
    BandReason,
    CauseShare,
    ConcernReason,
    ConcernScore,
    Finding,
    MitigationApplied,
    NoConcernReason,
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


def score_row(context: Context, row: np.ndarray, assumed: dict[str, Any],
              batch: Batch | None = None) -> RowScore:
    """The row scored and explained; ``batch`` may be passed when it already holds exactly
    this one row scored with the context's weights."""
    rulebase = context.rulebase
    if batch is None:
        batch = rulebase.scorer.evaluate(row[None, :], context.weight_vector)
    n_rules = len(rulebase.rules)
    counted = row[:n_rules] & (batch.applies[0][rulebase.scorer.concern_of]
                               | rulebase.scorer.is_mitigation)
    red_lines = [RedLineStatus(rule.id, rule.says, rule.red_line.at_least,
                               rule.red_line.lifted_by,
                               "fired" if context.truth[i] is True else "possible")
                 for i, rule in enumerate(rulebase.rules)
                 if rule.red_line is not None and context.truth[i] is not False]
    band = Verdict(int(batch.band[0]))
    return RowScore(
        verdict=Verdict(int(batch.verdict[0])), balance=float(batch.balance[0]), band=band,
        concerns=_concern_scores(context, batch, counted),
        findings=_findings(context, batch, counted, assumed),
        red_lines=red_lines, reasons=_reasons(context, batch, band, row, red_lines))


def _reasons(context: Context, batch: Batch, band: Verdict, row: np.ndarray,
             red_lines: list[RedLineStatus]) -> list[VerdictReason]:
    bands = context.rulebase.bands
    reasons: list[VerdictReason] = [BandReason(band)]
    if not batch.applies[0].any():
        reasons.append(NoConcernReason())
    for c, concern in enumerate(context.rulebase.concern_ids):
        if batch.escalated[0, c]:
            reasons.append(ConcernReason(concern, float(batch.net[0, c]),
                                         bands.concern_escalates_at))
    threshold = bands.residual_conditions_at
    if threshold is not None and band < 1 and (
            batch.residual_total[0] >= threshold - TOLERANCE):
        reasons.append(ResidualReason(float(batch.residual_total[0]), threshold))
    index = context.rulebase.rule_index
    for line in red_lines:
        if row[index[line.rule]]:
            reasons.append(RedLineReason(line.rule, line.at_least, line.status))
    return reasons


def _concern_scores(context: Context, batch: Batch, counted: np.ndarray,
                    ) -> dict[str, ConcernScore]:
    rulebase = context.rulebase
    applies = batch.applies[0]
    total_weight = float((context.weight_vector * applies).sum())
    scores = {}
    for c, concern in enumerate(rulebase.concern_ids):
        raw, net = float(batch.raw[0, c]), float(batch.net[0, c])
        weight = context.weights[concern]
        evidence = bool(counted[rulebase.scorer.concern_of == c].any())
        share = weight * net / total_weight if applies[c] and total_weight > 0 else 0.0
        scores[concern] = ConcernScore(
            concern=concern, applies=context.truth[rulebase.concern_column[concern]],
            weight=weight, risk=float(batch.risk[0, c]),
            residual_risk=float(batch.residual_sum[0, c]), benefit=float(batch.benefit[0, c]),
            raw=raw, net=net, saturated=raw != net, evidence=evidence,
            scale=rulebase.concerns[concern].scale, weighted=share)
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


def _cause_shares(context: Context, batch: Batch, counted: np.ndarray) -> dict[str, CauseShare]:
    """Each cause with a counted member: its members, their total before the cap, the share."""
    rulebase = context.rulebase
    scorer = rulebase.scorer
    shares = {}
    flags = counted.tolist()
    by_cause: dict[str, list[str]] = {}
    for i, rule in enumerate(rulebase.rules):
        if rule.cause and flags[i]:
            by_cause.setdefault(rule.cause, []).append(rule.id)
    for k, cause in enumerate(rulebase.causes.values()):
        members = by_cause.get(cause.id, [])
        if not members:
            continue
        share = float(batch.cause_share[0, k])
        effect, _, positions = scorer.causes[k]
        kept = (batch.residual if effect == "risk" else batch.benefit_points)[0, positions].sum()
        shares[cause.id] = CauseShare(cause.id, cause.name, cause.cap, members,
                                      float(kept) / share, share)
    return shares


def _findings(context: Context, batch: Batch, counted: np.ndarray,
              assumed: dict[str, Any]) -> list[Finding]:
    rulebase = context.rulebase
    scorer = rulebase.scorer
    applies = batch.applies[0]
    total_weight = float((context.weight_vector * applies).sum())
    # Mitigations that fire, per risk position, for attribution of the points they take off.
    fired_edges: dict[int, list[tuple[int, float]]] = {}
    flags = counted.tolist()
    for mitigation, position, removes in scorer.edges:
        if flags[mitigation]:
            fired_edges.setdefault(position, []).append((mitigation, removes))
    concern_index = {c: i for i, c in enumerate(rulebase.concern_ids)}
    causes = _cause_shares(context, batch, counted)
    findings = []
    for i, rule in enumerate(rulebase.rules):
        truth = context.truth[i]
        c = concern_index[rule.concern]
        if truth is False or context.truth[rulebase.concern_column[rule.concern]] is False:
            continue  # the rule does not fire, or its concern does not apply to the scenario
        per_point = (context.weights[rule.concern] / (scorer.scale[c] * total_weight)
                     if applies[c] and total_weight > 0 else 0.0)
        counts = flags[i]
        finding = Finding(
            rule=rule.id, title=rule.title, concern=rule.concern, effect=rule.effect,
            status="fired" if truth is True else "possible", counts=counts,
            points=rule.points, residual=rule.points, weighted=0.0, says=rule.says,
            why=rule.why, source=rule.source, advice=rule.advice,
            because=_because(i, context, assumed),
            red_line=(RedLineNote(rule.red_line.at_least, rule.red_line.lifted_by)
                      if rule.red_line else None),
            dilemmas=list(rule.dilemmas), cause=causes.get(rule.cause),
            sources=list(rule.sources))
        if rule.effect == "risk":
            position = scorer.risk_position[i]
            finding.residual = rule.points * float(batch.factor[0, position])
            finding.mitigated_by = [MitigationApplied(rulebase.rules[m].id, removes)
                                    for m, removes in fired_edges.get(position, [])]
            if counts:
                finding.weighted = per_point * float(batch.residual[0, position])
        elif rule.effect == "benefit":
            if counts:
                benefit = float(batch.benefit_points[0, scorer.benefit_position[i]])
                finding.weighted = -per_point * benefit
        else:
            finding.residual = 0.0
            finding.reduces = _reductions(i, rule, context, batch, counted, fired_edges)
            finding.points = sum(item.points_removed for item in finding.reduces)
        findings.append(finding)
    findings.sort(key=lambda f: (not f.counts, f.effect == "mitigation", -abs(f.weighted)))
    return findings


def _reductions(index: int, rule: Rule, context: Context, batch: Batch, counted: np.ndarray,
                fired_edges: dict[int, list[tuple[int, float]]]) -> list[Reduction]:
    """What a mitigation takes off each target: the target's removed points shared among its
    fired mitigations in proportion to what each removes (zero when it does not fire)."""
    rulebase = context.rulebase
    reductions = []
    for target in rule.mitigates:
        target_index = rulebase.rule_index[target.rule]
        position = rulebase.scorer.risk_position[target_index]
        removed = 0.0
        if counted[index] and counted[target_index]:
            edges = fired_edges.get(position, [])
            share = target.removes / sum(r for _, r in edges)
            removed = (rulebase.rules[target_index].points
                       * (1.0 - float(batch.factor[0, position])) * share)
        reductions.append(Reduction(target.rule, target.removes, removed,
                                    bool(counted[target_index])))
    return reductions
