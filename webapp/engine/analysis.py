"""Decision analysis: the interval over unknown answers and the headline it gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .assess import Context
    from .result import Result


@dataclass
class Headline:
    firing: np.ndarray  # the row of firings the findings are traced to (worst balance)
    low: float
    high: float
    exact: bool
    verdict: int  # the worst verdict over completions (or its bound)
    verdicts: list[int]  # verdict indices possible over completions
    robust: bool
    assumed: dict[str, Any] = field(default_factory=dict)


def headline(context: Context) -> Headline:
    """Precautionary headline by rule-level relaxation."""
    from .assess import relaxed_firing

    rulebase = context.rulebase
    upper = relaxed_firing(rulebase, context.truth, upper=True)
    lower = relaxed_firing(rulebase, context.truth, upper=False)
    batch = rulebase.scorer.evaluate(np.vstack([lower, upper]), context.weight_vector)
    low_v, high_v = int(batch.verdict[0]), int(batch.verdict[1])
    return Headline(upper, float(batch.balance[0]), float(batch.balance[1]),
                    exact=bool((upper == lower).all()), verdict=high_v,
                    verdicts=list(range(low_v, high_v + 1)), robust=low_v == high_v)


def analyse(context: Context, head: Headline, result: Result) -> dict[str, Any]:
    return {}
