"""The interval over the unknown answers, and the precautionary headline it gives: exact over
every completion while they number at most EXACT_LIMIT, beyond that the relaxation bound."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

from ..compiling.scorer import Batch
from ..core.values import NOT_APPLICABLE, is_unknown
from ..scoring.context import Context, relaxed_rows
from .enumeration import (
    EXACT_LIMIT,
    Enumeration,
    Variable,
    enumerate_completions,
    reenumerate,
    variables_of,
)


@dataclass
class Headline:
    row: np.ndarray  # the truths the findings are traced to: the worst completion or bound
    low: float
    high: float
    exact: bool
    verdict: int  # the worst verdict over the completions (or its bound)
    verdicts: list[int]  # verdicts possible over the completions
    robust: bool
    assumed: dict[str, Any] = field(default_factory=dict)
    batch: Batch | None = None  # scores of every row considered
    enumeration: Enumeration | None = None
    variables: list[Variable] = field(default_factory=list)  # the unknowns enumerated


class Reuse(NamedTuple):
    """What a changed answer set can reuse of the assessment's headline: its variables, its
    enumeration (None: too many completions) and the questions whose answers changed (which
    apply for certain and decide no applicability)."""

    variables: list[Variable]
    enumeration: Enumeration | None
    questions: set[str]


def _worst(batch: Batch) -> int:
    """The row with the highest balance (ties: the worst verdict, then the first)."""
    return int(np.lexsort((batch.verdict, batch.balance))[-1])


def _completions(context: Context, variables: list[Variable],
                 reuse: Reuse | None) -> Enumeration | None:
    """Every completion (None: none to enumerate, or too many), reused when it can be: with
    the same variables the completions are the same (``reenumerate``), and so is their
    number (too many for the assessment, too many here)."""
    if variables and reuse is not None and reuse.variables == variables:
        if reuse.enumeration is None:
            return None
        return reenumerate(context, reuse.enumeration, reuse.questions)
    return enumerate_completions(context, variables, EXACT_LIMIT) if variables else None


def _variables(context: Context, reuse: Reuse | None) -> list[Variable]:
    """The unknowns of the answers: those of the reused headline when no changed question is
    one of them or made unknown (the others' answers and applicability are the same)."""
    if reuse is not None and reuse.variables:
        unknown = {v.qid for v in reuse.variables}
        answers = context.answers
        if not any(q in unknown or is_unknown(answers.get(q)) for q in reuse.questions):
            return reuse.variables
    return variables_of(context)


def traced_rows(context: Context, reuse: Reuse | None = None) -> np.ndarray:
    """The rows a re-scoring considers, found as ``headline`` finds them: every completion, or
    the upper end of the relaxation (their worst verdict and highest balance are the
    headline's verdict and balance, the traced row being one with the highest balance)."""
    enumeration = _completions(context, _variables(context, reuse), reuse)
    return (enumeration.rows if enumeration is not None
            else relaxed_rows(context.rulebase, context.truth, upper=True))


def headline(context: Context, reuse: Reuse | None = None) -> Headline:
    """The headline over every completion; ``reuse``: what the headline of answers that
    differ from these only in a few questions found, used when its variables are these
    answers' too."""
    rulebase = context.rulebase
    weights = context.weight_vector
    variables = variables_of(context)
    enumeration = _completions(context, variables, reuse)
    if enumeration is not None:
        batch = rulebase.scorer.evaluate(enumeration.rows, weights)
        worst = _worst(batch)
        verdicts = sorted({int(v) for v in batch.verdict})
        questions = rulebase.bank.questions
        assumed = {}
        for i, variable in enumerate(variables):
            if variable.answer_unknown:
                value = variable.values[enumeration.index[worst, i]]
                assumed[variable.qid] = ("not applicable" if value is NOT_APPLICABLE
                                         else questions[variable.qid].kind.answer(value))
        return Headline(enumeration.rows[worst], float(batch.balance.min()),
                        float(batch.balance.max()), True, verdicts[-1], verdicts,
                        len(verdicts) == 1, assumed, batch, enumeration, variables)
    upper_rows = relaxed_rows(rulebase, context.truth, upper=True)
    upper = rulebase.scorer.evaluate(upper_rows, weights)
    # No truth unknown: both ends of the relaxation are the same row.
    lower = upper if None not in context.truth else rulebase.scorer.evaluate(
        relaxed_rows(rulebase, context.truth, upper=False), weights)
    worst = _worst(upper)
    low_v, high_v = int(lower.verdict.min()), int(upper.verdict.max())
    return Headline(upper_rows[worst],
                    float(lower.balance.min()), float(upper.balance.max()),
                    exact=not variables, verdict=high_v,
                    verdicts=list(range(low_v, high_v + 1)), robust=low_v == high_v,
                    batch=upper, variables=variables)
