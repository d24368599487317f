"""The engine's result: plain data that serialises to JSON without NaN or Infinity."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class ConcernScore:
    concern: str
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
    mitigated_by: list[dict[str, Any]] = field(default_factory=list)
    reduces: list[dict[str, Any]] = field(default_factory=list)
    red_line: dict[str, str] | None = None
    dilemmas: list[str] = field(default_factory=list)


@dataclass
class RedLineStatus:
    rule: str
    says: str
    at_least: str
    lifted_by: str
    status: str  # "fired" or "possible"


@dataclass
class Result:
    verdict: str
    balance: float
    profile: str
    weights: dict[str, float]
    ruleset: str
    concerns: dict[str, ConcernScore]
    findings: list[Finding]
    red_lines: list[RedLineStatus]
    ignored_answers: dict[str, Any]
    band_verdict: str  # the band of the balance alone, before escalation and red lines
    verdict_reasons: list[dict[str, Any]]
    unknown_questions: list[str]
    assumed: dict[str, Any]  # answers assumed for unknowns in the worst case shown
    interval: list[float]
    interval_exact: bool
    robust: bool
    verdicts_possible: list[str]
    analysis: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        analysis = data.pop("analysis")
        data.update(analysis)
        return json_safe(data)


def json_safe(value: Any) -> Any:
    """Replace NaN and infinities with None, recursively; tuples and sets become lists."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(json_safe(v) for v in value)
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return json_safe(value.item())
    return value
