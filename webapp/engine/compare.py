"""Alternatives side by side: 2 to 5 named answer sets under one weighting.

``compare`` assesses each alternative with the same profile or weights and returns plain data:
per alternative its verdict, balance, interval, concern nets and conditions; the answers and
findings that differ; a ranking (best verdict first, then the lowest balance: a positive
balance argues against) and whether that ranking is robust, with the reasons when it is not
(two alternatives whose intervals let them swap, a tie, or another built-in profile ordering
them differently). Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .assess import assess
from .compiling.compiled import CompiledRuleBase
from .core.results import Result
from .core.verdicts import Verdict

MIN_ALTERNATIVES = 2
MAX_ALTERNATIVES = 5


class ComparisonError(ValueError):
    """Too few or too many alternatives."""


@dataclass
class Alternative:
    """One alternative scored: its name and the engine's full result."""

    name: str
    answers: dict[str, Any]
    result: Result

    @property
    def best_key(self) -> tuple[int, float]:
        """Its most favourable place within the unknown answers' interval."""
        best = min((int(v) for v in self.result.verdicts_possible), default=int(self.verdict))
        return min(best, int(self.verdict)), self.result.interval[0]

    @property
    def key(self) -> tuple[int, float]:
        """Its place as shown (the worst case over the unknown answers)."""
        return int(self.verdict), self.result.balance

    @property
    def verdict(self) -> Verdict:
        return self.result.verdict

    def to_dict(self) -> dict[str, Any]:
        data = self.result.to_dict()
        return {
            "name": self.name,
            "verdict": data["verdict"],
            "balance": data["balance"],
            "interval": data["interval"],
            "interval_exact": data["interval_exact"],
            "robust": data["robust"],
            "verdicts_possible": data["verdicts_possible"],
            "complete": data["complete"],
            "concerns": {cid: (None if c["applies"] is False else c["net"])
                         for cid, c in data["concerns"].items()},
            "conditions": [{k: c[k] for k in ("text", "kind", "balance_if_adopted",
                                              "verdict_if_adopted", "balance_change")}
                           for c in data.get("conditions", [])],
            "findings": [f["rule"] for f in data["findings"] if f["status"] == "fired"],
        }


@dataclass
class RankingChange:
    """Why the ranking may not hold: ``interval`` (two alternatives could swap within their
    intervals), ``tie`` (the same verdict and balance) or ``profile`` (another profile orders
    them differently)."""

    kind: str
    alternatives: list[str]
    profile: str | None = None
    ranking: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "alternatives": self.alternatives, "profile": self.profile,
                "ranking": self.ranking}


@dataclass
class Comparison:
    profile: str
    weights: dict[str, float]
    alternatives: list[Alternative]
    differing_answers: dict[str, list[Any]]
    differing_findings: list[dict[str, Any]]
    ranking: list[str]
    ranking_changes: list[RankingChange]

    @property
    def ranking_robust(self) -> bool:
        return not self.ranking_changes

    def to_dict(self) -> dict[str, Any]:
        return {
            "profile": self.profile,
            "weights": dict(self.weights),
            "alternatives": [a.to_dict() for a in self.alternatives],
            "differing_answers": self.differing_answers,
            "differing_findings": self.differing_findings,
            "ranking": self.ranking,
            "ranking_robust": self.ranking_robust,
            "ranking_changes": [c.to_dict() for c in self.ranking_changes],
        }


def unique_names(names: Sequence[str]) -> list[str]:
    """The names, blank ones as "Alternative k", repeated ones numbered: "Vendor B (2)"."""
    seen: dict[str, int] = {}
    out = []
    for i, raw in enumerate(names, 1):
        name = raw.strip() or f"Alternative {i}"
        count = seen.get(name.casefold(), 0) + 1
        seen[name.casefold()] = count
        out.append(name if count == 1 else f"{name} ({count})")
    return out


def compare(rulebase: CompiledRuleBase, alternatives: Sequence[tuple[str, Mapping[str, Any]]],
            profile: str | None = None, weights: Mapping[str, float] | None = None,
            check_profiles: bool = True) -> Comparison:
    """Compare 2 to 5 (name, answers) pairs under one profile or custom weights.

    Raises ComparisonError for fewer than 2 or more than 5, and the engine's AnswerError or
    WeightsError as ``assess`` does.
    """
    if not MIN_ALTERNATIVES <= len(alternatives) <= MAX_ALTERNATIVES:
        raise ComparisonError(f"compare needs {MIN_ALTERNATIVES} to {MAX_ALTERNATIVES} "
                              f"alternatives, not {len(alternatives)}")
    names = unique_names([name for name, _ in alternatives])
    scored = [Alternative(name, dict(answers), assess(rulebase, answers, profile=profile,
                                                      weights=weights))
              for name, (_, answers) in zip(names, alternatives, strict=True)]
    first = scored[0].result
    ranked = rank(scored)
    changes = interval_changes(ranked)
    if check_profiles:
        changes += profile_changes(rulebase, scored, [a.name for a in ranked], first.profile)
    return Comparison(
        profile=first.profile, weights=dict(first.weights), alternatives=scored,
        differing_answers=differing_answers(rulebase, scored),
        differing_findings=differing_findings(scored),
        ranking=[a.name for a in ranked], ranking_changes=changes)


def rank(alternatives: Sequence[Alternative]) -> list[Alternative]:
    """Best verdict first, then the lowest balance; ties keep the given order."""
    return sorted(alternatives, key=lambda a: a.key)


def interval_changes(ranked: Sequence[Alternative]) -> list[RankingChange]:
    """Pairs whose order could swap: the lower-ranked one's best case beats the higher-ranked
    one's worst case within their intervals (or they tie)."""
    changes = []
    for i, above in enumerate(ranked):
        for below in ranked[i + 1:]:
            if _same(below.key, above.key):
                changes.append(RankingChange("tie", [above.name, below.name]))
            elif _before(below.best_key, above.key):
                changes.append(RankingChange("interval", [above.name, below.name]))
    return changes


def _same(a: tuple[int, float], b: tuple[int, float]) -> bool:
    return a[0] == b[0] and abs(a[1] - b[1]) <= 1e-9


def _before(a: tuple[int, float], b: tuple[int, float]) -> bool:
    return a[0] < b[0] or (a[0] == b[0] and a[1] < b[1] - 1e-9)


def profile_changes(rulebase: CompiledRuleBase, scored: Sequence[Alternative],
                    ranking: list[str], profile: str) -> list[RankingChange]:
    """The built-in profiles (other than the one used) that order the alternatives
    differently, each with its ranking."""
    changes = []
    for other in rulebase.profiles:
        if other == profile:
            continue
        keyed = []
        for alternative in scored:
            result = assess(rulebase, alternative.answers, profile=other, analyse=False)
            keyed.append(((int(result.verdict), result.balance), alternative.name))
        order = [name for _, name in sorted(keyed, key=lambda item: item[0])]
        if order != ranking:
            changes.append(RankingChange("profile", [], profile=other, ranking=order))
    return changes


def differing_answers(rulebase: CompiledRuleBase,
                      scored: Sequence[Alternative]) -> dict[str, list[Any]]:
    """{question id: [answer per alternative]} for the questions answered differently, in
    the bank's order (None: not answered, or answered where the question does not apply)."""
    out = {}
    for question in rulebase.bank.ordered():
        values = [None if question.id in a.result.ignored_answers else a.answers.get(question.id)
                  for a in scored]
        if any(_canonical(v) != _canonical(values[0]) for v in values[1:]):
            out[question.id] = values
    return out


def _canonical(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else value


def differing_findings(scored: Sequence[Alternative]) -> list[dict[str, Any]]:
    """The findings fired in some alternatives but not all, by rule, in the order they first
    appear, each with the alternatives it fired in."""
    fired: dict[str, dict[str, Any]] = {}
    for alternative in scored:
        for finding in alternative.result.findings:
            if finding.status != "fired":
                continue
            entry = fired.setdefault(finding.rule, {
                "rule": finding.rule, "title": finding.title, "concern": finding.concern,
                "effect": finding.effect, "fired_in": []})
            if alternative.name not in entry["fired_in"]:
                entry["fired_in"].append(alternative.name)
    names = [a.name for a in scored]
    out = []
    for entry in fired.values():
        if len(entry["fired_in"]) < len(names):
            entry["not_in"] = [n for n in names if n not in entry["fired_in"]]
            out.append(entry)
    return out


def ranking_sentences(comparison: Comparison, profile_names: Mapping[str, str]) -> list[str]:
    """Why the ranking may not hold, in plain words (empty when it is robust)."""
    sentences = []
    for change in comparison.ranking_changes:
        if change.kind == "tie":
            first, second = change.alternatives
            sentences.append(f"{first} and {second} tie: the same verdict and balance.")
        elif change.kind == "interval":
            above, below = change.alternatives
            sentences.append(f"{below} could rank above {above}: their balances overlap "
                             "within the unknown answers.")
        else:
            name = profile_names.get(change.profile or "", change.profile)
            sentences.append(f"Under the {name} profile the order is "
                             f"{', '.join(change.ranking)}.")
    return sentences
