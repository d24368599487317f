"""Assess one answer set: the engine's entry point for the web app, the CLI and batch screening."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from .answers import Resolution, normalise_answers
from .logic import Truth
from .model import Rule
from .result import ConcernScore, Finding, RedLineStatus, Result
from .rulebase import RuleBase
from .scoring import Batch
from .values import CONCERNS, NOT_APPLICABLE, UNKNOWN, VERDICTS

CUSTOM = "custom"


class WeightsError(ValueError):
    """Weights or a profile name that cannot be used."""


def resolve_weights(rulebase: RuleBase, profile: str | None = None,
                    weights: Mapping[str, float] | None = None) -> tuple[str, dict[str, float]]:
    """The profile name and weights to use: custom weights override the named profile's."""
    if weights:
        base = dict(rulebase.profiles[profile or "balanced"].weights) if (
            profile in rulebase.profiles) else {c: 1.0 for c in CONCERNS}
        for concern, value in weights.items():
            if concern not in CONCERNS:
                raise WeightsError(f'unknown concern "{concern}" (one of {", ".join(CONCERNS)})')
            if not isinstance(value, int | float) or value != value or value < 0 or (
                    value == float("inf")):
                raise WeightsError(f"the weight of {concern} must be a number of 0 or more")
            base[concern] = float(value)
        if sum(base.values()) <= 0:
            raise WeightsError("at least one weight must be above 0")
        return CUSTOM, base
    name = profile or "balanced"
    if name not in rulebase.profiles:
        raise WeightsError(f'unknown profile "{name}" (one of {", ".join(rulebase.profiles)})')
    return name, dict(rulebase.profiles[name].weights)


@dataclass
class Context:
    """Everything computed once per assessment and shared by the headline and the analyses."""

    rulebase: RuleBase
    answers: dict[str, Any]
    resolution: Resolution
    truth: list[Truth]
    profile: str
    weights: dict[str, float]
    weight_vector: np.ndarray

    @property
    def unknown_questions(self) -> list[str]:
        """Questions that could matter but have no known answer or applicability."""
        relevant = self.rulebase.relevant_questions
        state = self.resolution.state
        return [qid for qid in relevant
                if state.get(qid) is not NOT_APPLICABLE and (
                    self.resolution.applicable[qid] is None or state[qid] == UNKNOWN)]


def build_context(rulebase: RuleBase, answers: Mapping[str, Any], profile: str | None = None,
                  weights: Mapping[str, float] | None = None) -> Context:
    normal = normalise_answers(answers, rulebase.bank)
    resolution = rulebase.resolver.resolve(normal)
    truth = [evaluate(resolution.state) for evaluate in rulebase.evaluators]
    name, chosen = resolve_weights(rulebase, profile, weights)
    return Context(rulebase, normal, resolution, truth, name, chosen,
                   rulebase.scorer.weight_vector(chosen))


def relaxed_firing(rulebase: RuleBase, truth: list[Truth], upper: bool) -> np.ndarray:
    """Rule-level relaxation: the upper end fires risks when true or unknown and benefits and
    mitigations only when true; the lower end the reverse."""
    is_risk = rulebase.scorer.is_risk
    known = np.array([value is True for value in truth], dtype=bool)
    unknown = np.array([value is None for value in truth], dtype=bool)
    return known | (unknown & (is_risk if upper else ~is_risk))


def assess(rulebase: RuleBase, answers: Mapping[str, Any], profile: str | None = None,
           weights: Mapping[str, float] | None = None, analyse: bool = True) -> Result:
    """Score an answer set; with ``analyse`` also the decision analysis (issue: robustness)."""
    context = build_context(rulebase, answers, profile, weights)
    from .analysis import headline  # the interval over unknowns decides the headline

    head = headline(context)
    result = build_result(context, head.firing, head.assumed)
    # The headline balance is the top of the interval (recomputed for the traced row).
    low = result.balance if head.robust and head.exact and head.low == head.high else head.low
    result.interval = [min(low, result.balance), result.balance]
    result.interval_exact = head.exact
    result.robust = head.robust
    result.verdicts_possible = [VERDICTS[i] for i in head.verdicts]
    if head.verdict > VERDICTS.index(result.verdict):  # a completion with a lower balance
        result.verdict_reasons.append({"kind": "unknowns", "verdict": VERDICTS[head.verdict]})
        result.verdict = VERDICTS[head.verdict]
    if analyse:
        from .analysis import analyse as run_analysis

        result.analysis = run_analysis(context, head, result)
    return result


def display_value(value: Any) -> Any:
    if value is NOT_APPLICABLE:
        return "not applicable"
    if isinstance(value, frozenset):
        return sorted(value)
    return value


def build_result(context: Context, firing: np.ndarray, assumed: dict[str, Any]) -> Result:
    """The report's numbers for one row of firings, with every finding traced to its answers."""
    rulebase = context.rulebase
    scorer = rulebase.scorer
    batch = scorer.evaluate(firing[None, :], context.weight_vector)
    total_weight = float(context.weight_vector.sum())
    concerns = _concern_scores(context, batch, firing, total_weight)
    findings = _findings(context, batch, firing, assumed, total_weight)
    red_lines = [RedLineStatus(rule.id, rule.says, rule.red_line.at_least,
                               rule.red_line.lifted_by,
                               "fired" if context.truth[i] is True else "possible")
                 for i, rule in enumerate(rulebase.rules)
                 if rule.red_line is not None and context.truth[i] is not False]
    band = int(batch.band[0])
    reasons: list[dict[str, Any]] = [{"kind": "band", "verdict": VERDICTS[band]}]
    for c, concern in enumerate(CONCERNS):
        if batch.escalated[0, c]:
            reasons.append({"kind": "concern", "concern": concern,
                            "net": float(batch.net[0, c]),
                            "at": rulebase.bands.concern_escalates_at})
    threshold = rulebase.bands.residual_conditions_at
    if threshold is not None and batch.residual_total[0] >= threshold and band < 1:
        reasons.append({"kind": "residual", "total": float(batch.residual_total[0]),
                        "at": threshold})
    for line in red_lines:
        if firing[rulebase.rule_index[line.rule]]:
            reasons.append({"kind": "red_line", "rule": line.rule, "at_least": line.at_least,
                            "status": line.status})
    balance = float(batch.balance[0])
    return Result(
        verdict=VERDICTS[int(batch.verdict[0])], balance=balance, profile=context.profile,
        weights=context.weights, ruleset=rulebase.fingerprint, concerns=concerns,
        findings=findings, red_lines=red_lines,
        ignored_answers=dict(context.resolution.ignored), band_verdict=VERDICTS[band],
        verdict_reasons=reasons, unknown_questions=context.unknown_questions,
        assumed=assumed, interval=[balance, balance], interval_exact=True, robust=True,
        verdicts_possible=[VERDICTS[int(batch.verdict[0])]],
    )


def _concern_scores(context: Context, batch: Batch, firing: np.ndarray,
                    total_weight: float) -> dict[str, ConcernScore]:
    rulebase = context.rulebase
    scores = {}
    for c, concern in enumerate(CONCERNS):
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
    because = {}
    for qid in context.rulebase.rule_questions[index]:
        value = state.get(qid, UNKNOWN)
        if qid in assumed:
            because[qid] = {"unknown, assumed": display_value(assumed[qid])}
        else:
            because[qid] = display_value(value)
    return because


def _findings(context: Context, batch: Batch, firing: np.ndarray, assumed: dict[str, Any],
              total_weight: float) -> list[Finding]:
    rulebase = context.rulebase
    scorer = rulebase.scorer
    risk_pos = {int(g): p for p, g in enumerate(scorer.risk_idx)}
    # Mitigations that fire, per risk position, for attribution of the points they take off.
    fired_edges: dict[int, list[tuple[int, float]]] = {}
    for mitigation, position, removes in scorer.edges:
        if firing[mitigation]:
            fired_edges.setdefault(position, []).append((mitigation, removes))
    findings = []
    for i, rule in enumerate(rulebase.rules):
        truth = context.truth[i]
        if truth is False:
            continue
        concern = CONCERNS.index(rule.concern)
        per_point = context.weights[rule.concern] / (scorer.scale[concern] * total_weight)
        counts = bool(firing[i])
        finding = Finding(
            rule=rule.id, title=rule.title, concern=rule.concern, effect=rule.effect,
            status="fired" if truth is True else "possible", counts=counts,
            points=rule.points, residual=rule.points, weighted=0.0, says=rule.says,
            why=rule.why, source=rule.source, advice=rule.advice,
            because=_because(i, context, assumed),
            red_line=({"at_least": rule.red_line.at_least, "lifted_by": rule.red_line.lifted_by}
                      if rule.red_line else None),
            dilemmas=list(rule.dilemmas))
        if rule.effect == "risk":
            position = risk_pos[i]
            factor = float(batch.factor[0, position])
            finding.residual = rule.points * factor
            finding.mitigated_by = [
                {"rule": rulebase.rules[m].id, "removes": removes}
                for m, removes in fired_edges.get(position, [])]
            if counts:
                finding.weighted = per_point * finding.residual
        elif rule.effect == "benefit":
            finding.weighted = -per_point * rule.points if counts else 0.0
        else:
            finding.residual = 0.0
            finding.reduces = _reductions(i, rule, rulebase, batch, firing, fired_edges, risk_pos)
            finding.points = sum(item["points_removed"] for item in finding.reduces)
        findings.append(finding)
    findings.sort(key=lambda f: (not f.counts, f.effect == "mitigation", -abs(f.weighted)))
    return findings


def _reductions(index: int, rule: Rule, rulebase: RuleBase, batch: Batch, firing: np.ndarray,
                fired_edges: dict[int, list[tuple[int, float]]],
                risk_pos: dict[int, int]) -> list[dict[str, Any]]:
    """What a mitigation takes off each target: the target's removed points shared among its
    fired mitigations in proportion to what each removes (zero when it does not fire)."""
    reductions = []
    for target in rule.mitigates:
        target_index = rulebase.rule_index[target.rule]
        position = risk_pos[target_index]
        removed = 0.0
        if firing[index] and firing[target_index]:
            edges = fired_edges.get(position, [])
            share = target.removes / sum(r for _, r in edges)
            removed = (rulebase.rules[target_index].points
                       * (1.0 - float(batch.factor[0, position])) * share)
        reductions.append({"rule": target.rule, "removes": target.removes,
                           "points_removed": removed, "target_fires": bool(firing[target_index])})
    return reductions
