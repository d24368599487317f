"""Page one of the report: the decision in words.

Everything here is read from the engine's result (no new scoring except the verdict under the
weights just past each crossing, to say what it becomes there): whether it is a draft and how
far the questionnaire is, why the verdict is what it is (at most three sentences, by title,
never by rule id), how robust it is, the conditions to attach and what to find out first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine import Result, RuleBase, verdicts_with_weights
from ..engine.core.verdicts import LABELS, Verdict
from ..questionnaire.steps import steps

#: how many conditions and evidence gaps page one shows (the rest follow in the body)
TOP_CONDITIONS = 5
TOP_GAPS = 3


@dataclass
class Progress:
    """How far the questionnaire is: a report is a draft until every question that applies
    has an answer ("don't know" counts)."""

    draft: bool
    answered: int  # sections whose every question that applies is answered
    total: int  # sections that apply
    next_section: str | None  # the first section with a question still open


@dataclass
class Crossing:
    """Where, moving one concern's weight (the others fixed), the verdict changes."""

    concern: str
    name: str
    weight: float
    direction: str  # "above" or "below"
    at: float
    becomes: Verdict


@dataclass
class Decision:
    progress: Progress
    why: list[str]
    robustness: str
    robust: bool
    conditions_heading: str
    crossings: list[Crossing] = field(default_factory=list)


def progress(rulebase: RuleBase, answers: dict[str, Any], result: Result) -> Progress:
    sections = steps(rulebase, answers)
    open_questions = set(result.unanswered)
    unanswered = [s.id for s in sections if any(q.id in open_questions for q in s.questions)]
    return Progress(draft=not result.complete, answered=len(sections) - len(unanswered),
                    total=len(sections), next_section=unanswered[0] if unanswered else None)


def conditions_heading(verdict: Verdict) -> str:
    return {Verdict.PROCEED: "Further safeguards (optional)",
            Verdict.PROCEED_WITH_CONDITIONS: "Conditions to attach"}.get(
        verdict, "What it would take")


def why(result: Result, rulebase: RuleBase) -> list[str]:
    """At most three plain sentences: the red line, what weighs most each way, and the rule of
    the bands that set the verdict when it is not the balance alone."""
    sentences: list[str] = []
    fired = [line for line in result.red_lines if line.status == "fired"]
    if fired:
        more = f" ({len(fired) - 1} more red line{'s' if len(fired) > 2 else ''} below)" \
            if len(fired) > 1 else ""
        sentences.append(f"A red line applies: {_lower_first(fired[0].says)} Whatever the "
                         f"weights, the verdict is at least “{LABELS[fired[0].at_least.id]}”"
                         f"{more}.")
    against = _largest(result, rulebase, "risk")
    if against:
        sentences.append(against)
    favour = _largest(result, rulebase, "benefit")
    if favour and len(sentences) < 3:
        sentences.append(favour)
    reason = None if fired else _band_reason(result, rulebase)
    if reason and len(sentences) < 3:
        sentences.append(reason)
    return sentences[:3]


def _largest(result: Result, rulebase: RuleBase, effect: str) -> str | None:
    """The concern whose share of the balance weighs most one way (risk: against going ahead,
    benefit: for it), and its largest findings of that kind, by title."""
    sign = 1 if effect == "risk" else -1
    shares = {cid: sign * c.weighted for cid, c in result.concerns.items()
              if c.applies is not False and sign * c.weighted > 1e-9}
    findings = [f for f in result.findings if f.effect == effect and f.counts]
    if not shares:
        if effect == "risk" and findings:
            top = max(findings, key=lambda f: abs(f.weighted))
            return ("No concern weighs against going ahead on balance; the largest risk is "
                    f"{_lower_first(top.title or top.says)} "
                    f"({rulebase.concerns[top.concern].name.lower()}).")
        return None
    concern = max(shares, key=lambda c: shares[c])
    top = sorted((f for f in findings if f.concern == concern), key=lambda f: -abs(f.weighted))
    titles = " and ".join(_lower_first(f.title or f.says) for f in top[:2])
    name = rulebase.concerns[concern].name
    net = result.concerns[concern].net
    if effect == "risk":
        return f"{name} weighs most against going ahead (net {_signed(net)}), chiefly: {titles}."
    return f"{name} weighs most for it (net {_signed(net)}): {titles}."


def _band_reason(result: Result, rulebase: RuleBase) -> str | None:
    grave = sorted((r for r in result.verdict_reasons if r.kind == "concern"),
                   key=lambda r: -r.net)
    if grave:
        names = " and ".join(f"{rulebase.concerns[r.concern].name} ({_signed(r.net)})"
                             for r in grave[:2])
        return (f"{names} {'reaches' if len(grave) == 1 else 'reach'} the level of a grave "
                "harm on its own, which the other concerns cannot average away, so the "
                "verdict is at least “Escalate”.")
    for reason in result.verdict_reasons:
        if reason.kind == "residual":
            return ("Risk remains after the mitigations in place, so going ahead needs "
                    "conditions whatever the benefits elsewhere.")
        if reason.kind == "unknowns":
            return ("Some answers are unknown and could make it worse; the verdict shown is the "
                    "worst case.")
    return None


def robustness(result: Result, rulebase: RuleBase) -> tuple[bool, str]:
    """Whether the verdict holds under every weight profile and whatever the unknown answers,
    in one sentence."""
    analysis = result.analysis
    profiles = analysis.sensitivity.profiles if analysis else {}
    differ = {pid: v for pid, v in profiles.items() if v != result.verdict}
    parts = []
    if differ:
        pid, verdict = next(iter(differ.items()))
        parts.append(f"the {rulebase.profiles[pid].name.lower()} weights give "
                     f"“{LABELS[verdict.id]}”" + (f" ({len(differ) - 1} other profile"
                                                 f"{'s differ' if len(differ) > 2 else ' differs'}"
                                                 " too)" if len(differ) > 1 else ""))
    if not result.robust:
        others = [LABELS[v.id] for v in result.verdicts_possible if v != result.verdict]
        parts.append("the unknown answers could still make it " + " or ".join(
            f"“{o}”" for o in others))
    if not parts:
        unknown = " and whatever the unknown answers turn out to be" if \
            result.unknown_questions else ""
        return True, f"Robust: the same verdict under every weight profile{unknown}."
    return False, "Not robust: " + "; ".join(parts) + "."


def crossings(result: Result, rulebase: RuleBase, answers: dict[str, Any]) -> list[Crossing]:
    """For each concern whose weight range is bounded: the verdict just past each end (the
    verdict ``assess`` gives with that weight, every end scored from one scoring of the
    answers)."""
    analysis = result.analysis
    if analysis is None:
        return []
    ends = []
    for concern, r in analysis.sensitivity.weights.items():
        if r.applies is False:
            continue
        if r.holds_to is not None:
            ends.append((concern, r.weight, "above", r.holds_to))
        if r.holds_from > 0:
            ends.append((concern, r.weight, "below", r.holds_from))
    weight_sets = [{**result.weights, concern: _past(direction, at)}
                   for concern, _, direction, at in ends]
    becomes = verdicts_with_weights(rulebase, answers, weight_sets)
    return [Crossing(concern, rulebase.concerns[concern].name, weight, direction, at, verdict)
            for (concern, weight, direction, at), verdict in zip(ends, becomes, strict=True)
            if verdict != result.verdict]


def _past(direction: str, at: float) -> float:
    """A weight just past an end of the range."""
    return at * 1.001 + 1e-6 if direction == "above" else max(at * 0.999 - 1e-6, 0.0)


def decide(result: Result, rulebase: RuleBase, answers: dict[str, Any]) -> Decision:
    robust, words = robustness(result, rulebase)
    return Decision(progress=progress(rulebase, answers, result), why=why(result, rulebase),
                    robustness=words, robust=robust,
                    conditions_heading=conditions_heading(result.verdict),
                    crossings=crossings(result, rulebase, answers))


def _signed(value: float) -> str:
    """+0.05 / −0.65, with a true minus sign as everywhere in the report."""
    return f"{value:+.2f}".replace("-", "\u2212")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
