"""The engine's result: typed plain data that serialises to JSON (``to_dict``) without NaN or
Infinity. Field order is the JSON key order, a contract that pinned outputs check."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, ClassVar

from .verdicts import Verdict


@dataclass
class ConcernScore:
    concern: str
    applies: bool | None  # takes part in the balance; None: depends on an unknown answer
    weight: float
    risk: float  # points of fired risk rules before mitigation
    residual_risk: float  # after mitigation
    benefit: float
    raw: float  # (residual_risk - benefit) / scale, before clipping
    net: float  # raw clipped to [-1, 1]
    saturated: bool
    evidence: bool
    scale: float
    weighted: float  # weight * net / sum of weights: this concern's share of the balance


@dataclass
class MitigationApplied:
    """A fired mitigation on a risk finding, and the share of the risk it removes."""

    rule: str
    removes: float


@dataclass
class Reduction:
    """What a mitigation takes off one of its targets."""

    rule: str
    removes: float
    points_removed: float
    target_fires: bool


@dataclass
class CauseShare:
    """Rules that restate one cause count together at most its cap."""

    id: str
    name: str
    cap: float
    members: list[str]  # the rules of the cause that count in this result
    total: float  # what they would count without the cap
    share: float  # the share each keeps (1: under the cap)


@dataclass
class RedLineNote:
    at_least: Verdict
    lifted_by: str


@dataclass
class Finding:
    rule: str
    title: str
    concern: str
    effect: str
    status: str  # "fired" or "possible" (depends on an unknown answer)
    counts: bool  # whether it counts in the headline (worst-case) balance
    points: float  # risk: before mitigation; benefit: points; mitigation: points it takes off
    residual: float  # risk: after mitigation; benefit: points; mitigation: 0
    weighted: float  # signed contribution to the balance (0 for mitigations: see reduces)
    says: str
    why: str
    source: str
    advice: str
    because: dict[str, Any]  # the answers the rule's condition reads
    mitigated_by: list[MitigationApplied] = field(default_factory=list)
    reduces: list[Reduction] = field(default_factory=list)
    red_line: RedLineNote | None = None
    dilemmas: list[str] = field(default_factory=list)
    cause: CauseShare | None = None
    sources: list[str] = field(default_factory=list)


@dataclass
class RedLineStatus:
    rule: str
    says: str
    at_least: Verdict
    lifted_by: str
    status: str  # "fired" or "possible"


# --- why the verdict is what it is ---------------------------------------------------------


@dataclass
class BandReason:
    """The balance falls in this band."""

    kind: ClassVar[str] = "band"
    verdict: Verdict


@dataclass
class ConcernReason:
    """One concern's net reached ``concern_escalates_at``."""

    kind: ClassVar[str] = "concern"
    concern: str
    net: float
    at: float


@dataclass
class ResidualReason:
    """The risk left after mitigation reached ``residual_conditions_at``."""

    kind: ClassVar[str] = "residual"
    total: float
    at: float


@dataclass
class RedLineReason:
    kind: ClassVar[str] = "red_line"
    rule: str
    at_least: Verdict
    status: str


@dataclass
class UnknownsReason:
    """Some completion of the unknown answers gives this worse verdict."""

    kind: ClassVar[str] = "unknowns"
    verdict: Verdict


@dataclass
class NoConcernReason:
    """No concern applies to the scenario: the balance is 0 by definition."""

    kind: ClassVar[str] = "no_concern"


VerdictReason = (BandReason | ConcernReason | ResidualReason | RedLineReason | UnknownsReason
                 | NoConcernReason)


# --- the decision analysis -----------------------------------------------------------------


@dataclass
class AnswerOutcome:
    answer: Any
    verdict: Verdict


@dataclass
class EvidenceGap:
    question: str
    narrows_by: float
    could_change_verdict: bool
    verdict_if: list[AnswerOutcome]


@dataclass
class WeightRange:
    weight: float
    holds_from: float
    holds_to: float | None  # None: the verdict holds however high the weight
    applies: bool | None = True  # False: the concern takes no part, any weight gives the same


@dataclass
class Sensitivity:
    profiles: dict[str, Verdict]
    weights: dict[str, WeightRange]


@dataclass
class MitigationSet:
    mitigations: list[str]
    answers: dict[str, Any]
    verdict: Verdict
    balance: float


@dataclass
class AnswerChange:
    question: str
    answer: Any


@dataclass
class RedLineLift:
    rule: str
    status: str
    at_least: Verdict
    lifted_by: str
    answers: list[AnswerChange]


@dataclass
class WorseAnswer:
    question: str
    answer: Any
    verdict: Verdict
    balance: float


@dataclass
class Condition:
    """An action to attach to the decision: what it says, the findings it answers, the answers
    that would show it in place (empty when no answer of the questionnaire records it), and the
    balance and verdict if it were adopted (re-scored; None for advice no answer records)."""

    kind: str  # "red_line" (lifts one), "mitigation" (a mitigation rule), "advice" (of a risk)
    text: str
    rules: list[str]  # the rules whose words and answers it comes from
    addresses: list[str]  # the risk rules (or red lines) it answers
    answers: dict[str, Any]
    balance_if_adopted: float | None
    verdict_if_adopted: Verdict | None
    balance_change: float | None


@dataclass
class Analysis:
    evidence_gaps: list[EvidenceGap]
    sensitivity: Sensitivity
    what_would_change: list[MitigationSet]
    red_line_lifts: list[RedLineLift]
    worse_if: list[WorseAnswer]
    conditions: list[Condition] = field(default_factory=list)


@dataclass
class Result:
    verdict: Verdict
    balance: float
    #: every question that applies has an answer ("don't know" counts); else a draft
    complete: bool
    unanswered: list[str]  # the questions that apply and have no answer yet, in bank order
    profile: str
    weights: dict[str, float]
    ruleset: str
    concerns: dict[str, ConcernScore]
    findings: list[Finding]
    red_lines: list[RedLineStatus]
    ignored_answers: dict[str, Any]
    band_verdict: Verdict  # the band of the balance alone, before escalation and red lines
    verdict_reasons: list[VerdictReason]
    unknown_questions: list[str]
    assumed: dict[str, Any]  # answers assumed for unknowns in the worst case shown
    interval: list[float]
    interval_exact: bool
    robust: bool
    verdicts_possible: list[Verdict]
    analysis: Analysis | None = None  # None when assessed without the decision analysis

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the analysis' fields follow the headline's at the top level."""
        data = plain(self)
        analysis = data.pop("analysis")
        data.update(analysis or {})
        return data


def plain(value: Any) -> Any:
    """Typed results as JSON-ready data: dataclasses become dicts (a ``kind`` first where the
    class has one), verdicts their ids, NaN and infinities None, tuples and sets lists."""
    if isinstance(value, Verdict):
        return value.id
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if is_dataclass(value) and not isinstance(value, type):
        data = {"kind": value.kind} if isinstance(getattr(value, "kind", None), str) else {}
        data.update((f.name, plain(getattr(value, f.name))) for f in fields(value))
        return data
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(plain(v) for v in value)
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return plain(value.item())
    return value
