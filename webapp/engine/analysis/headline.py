"""The interval over the unknown answers, and the precautionary headline it gives: exact by
enumeration while the unknowns have at most EXACT_LIMIT combinations, beyond that the
rule-level relaxation bound."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..compiling.scorer import Batch
from ..core.values import NOT_APPLICABLE
from ..scoring.context import Context, relaxed_firing
from .enumeration import EXACT_LIMIT, Enumeration, combinations, enumerate_completions, variables_of


@dataclass
class Headline:
    firing: np.ndarray  # the row the findings are traced to: the worst balance
    low: float
    high: float
    exact: bool
    verdict: int  # the worst verdict over the completions (or its bound)
    verdicts: list[int]  # verdicts possible over the completions
    robust: bool
    assumed: dict[str, Any] = field(default_factory=dict)
    batch: Batch | None = None  # scores of every row considered
    enumeration: Enumeration | None = None


def headline(context: Context) -> Headline:
    rulebase = context.rulebase
    weights = context.weight_vector
    variables = variables_of(context)
    if variables and combinations(variables) <= EXACT_LIMIT:
        enumeration = enumerate_completions(context, variables)
        if len(enumeration.index):
            batch = rulebase.scorer.evaluate(enumeration.firing, weights)
            worst = int(np.lexsort((batch.verdict, batch.balance))[-1])
            verdicts = sorted({int(v) for v in batch.verdict})
            questions = rulebase.bank.questions
            assumed = {}
            for i, variable in enumerate(variables):
                if variable.answer_unknown:
                    value = variable.values[enumeration.index[worst, i]]
                    assumed[variable.qid] = ("not applicable" if value is NOT_APPLICABLE
                                             else questions[variable.qid].kind.answer(value))
            return Headline(enumeration.firing[worst], float(batch.balance.min()),
                            float(batch.balance.max()), True, verdicts[-1], verdicts,
                            len(verdicts) == 1, assumed, batch, enumeration)
    upper = relaxed_firing(rulebase.is_risk, context.truth, upper=True)
    lower = relaxed_firing(rulebase.is_risk, context.truth, upper=False)
    both = rulebase.scorer.evaluate(np.vstack([lower, upper]), weights)
    low_v, high_v = int(both.verdict[0]), int(both.verdict[1])
    head_batch = rulebase.scorer.evaluate(upper[None, :], weights)
    return Headline(upper, float(both.balance[0]), float(both.balance[1]),
                    exact=not variables, verdict=high_v,
                    verdicts=list(range(low_v, high_v + 1)), robust=low_v == high_v,
                    batch=head_batch)
