"""Decision analysis: the interval over unknown answers (and the precautionary headline it
gives), evidence gaps, weight sensitivity and what would change the verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from .counterfactuals import (
    base_answers,
    mitigation_sets,
    red_line_lifts,
    worse_single_answers,
)
from .enumeration import EXACT_LIMIT, Enumeration, combinations, enumerate_completions, variables_of
from .incremental import Rescorer, answer_value
from .scoring import Batch
from .sensitivity import sensitivity
from .values import NOT_APPLICABLE, VERDICTS

if TYPE_CHECKING:
    from .assess import Context
    from .result import Result


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


def _display(value: Any) -> Any:
    return "not applicable" if value is NOT_APPLICABLE else answer_value(value)


def headline(context: Context) -> Headline:
    """Exact by enumeration while the unknowns have at most EXACT_LIMIT combinations;
    beyond that the rule-level relaxation bound."""
    from .assess import relaxed_firing

    rulebase = context.rulebase
    weights = context.weight_vector
    variables = variables_of(context)
    if variables and combinations(variables) <= EXACT_LIMIT:
        enumeration = enumerate_completions(context, variables)
        if len(enumeration.index):
            batch = rulebase.scorer.evaluate(enumeration.firing, weights)
            worst = int(np.lexsort((batch.verdict, batch.balance))[-1])
            verdicts = sorted({int(v) for v in batch.verdict})
            assumed = {v.qid: _display(v.values[enumeration.index[worst, i]])
                       for i, v in enumerate(variables) if v.answer_unknown}
            return Headline(enumeration.firing[worst], float(batch.balance.min()),
                            float(batch.balance.max()), True, verdicts[-1], verdicts,
                            len(verdicts) == 1, assumed, batch, enumeration)
    upper = relaxed_firing(rulebase, context.truth, upper=True)
    lower = relaxed_firing(rulebase, context.truth, upper=False)
    both = rulebase.scorer.evaluate(np.vstack([lower, upper]), weights)
    low_v, high_v = int(both.verdict[0]), int(both.verdict[1])
    head_batch = rulebase.scorer.evaluate(upper[None, :], weights)
    return Headline(upper, float(both.balance[0]), float(both.balance[1]),
                    exact=not variables, verdict=high_v,
                    verdicts=list(range(low_v, high_v + 1)), robust=low_v == high_v,
                    batch=head_batch)


def evidence_gaps(context: Context, head: Headline, rescorer: Rescorer) -> list[dict[str, Any]]:
    """For each unknown question: how much answering it narrows the interval at least, and
    whether some answer to it alone would change the verdict."""
    if head.enumeration is not None:
        gaps = _gaps_exact(head)
    elif head.exact:
        gaps = []
    else:
        gaps = _gaps_relaxed(context, head, rescorer)
    gaps.sort(key=lambda g: (not g["could_change_verdict"], -g["narrows_by"], g["question"]))
    return gaps


def _gaps_exact(head: Headline) -> list[dict[str, Any]]:
    enumeration, batch = head.enumeration, head.batch
    assert enumeration is not None and batch is not None
    balance, verdict = batch.balance, batch.verdict
    width = float(balance.max() - balance.min())
    gaps = []
    for i, variable in enumerate(enumeration.variables):
        if not variable.answer_unknown:
            continue
        column = enumeration.index[:, i]
        real = len(variable.values) - (1 if variable.has_na else 0)
        widest, outcomes = 0.0, []
        for j in range(real):
            rows = column == j
            if variable.has_na:
                rows |= column == variable.na_index
            if not rows.any():
                continue
            widest = max(widest, float(balance[rows].max() - balance[rows].min()))
            outcomes.append({"answer": answer_value(variable.values[j]),
                             "verdict": VERDICTS[int(verdict[rows].max())]})
        gaps.append(_gap(variable.qid, width, widest, outcomes, head.verdict))
    return gaps


def _gaps_relaxed(context: Context, head: Headline, rescorer: Rescorer,
                  ) -> list[dict[str, Any]]:
    """Beyond the enumeration limit: the relaxation bounds after each possible answer, each
    re-scored incrementally from the current answers (only the rules reading it change)."""
    from .assess import relaxed_firing

    rulebase = context.rulebase
    width = head.high - head.low
    gaps = []
    for qid in context.unknown_questions:
        if context.answers.get(qid, "unknown") != "unknown":
            continue  # known answer, unknown applicability: answering another question decides
        values = [answer_value(v) for v in rulebase.compiled.domains.get(qid, [])]
        if not values:
            continue
        lower, upper = [], []
        for value in values:
            truth = rescorer.truth_with({qid: value})
            lower.append(relaxed_firing(rulebase, truth, upper=False))
            upper.append(relaxed_firing(rulebase, truth, upper=True))
        low = rulebase.scorer.evaluate(np.vstack(lower), context.weight_vector)
        high = rulebase.scorer.evaluate(np.vstack(upper), context.weight_vector)
        widest = float((high.balance - low.balance).max())
        outcomes = [{"answer": value, "verdict": VERDICTS[int(v)]}
                    for value, v in zip(values, high.verdict, strict=True)]
        gaps.append(_gap(qid, width, widest, outcomes, head.verdict))
    return gaps


def _gap(qid: str, width: float, widest: float, outcomes: list[dict], current: int) -> dict:
    return {"question": qid, "narrows_by": max(0.0, width - widest),
            "could_change_verdict": any(o["verdict"] != VERDICTS[current] for o in outcomes),
            "verdict_if": outcomes}


def analyse(context: Context, head: Headline, result: Result) -> dict[str, Any]:
    """Everything the report's analysis sections show, as plain data."""
    from .assess import assess

    rulebase = context.rulebase
    scorer = rulebase.scorer
    batch = head.batch
    assert batch is not None
    profiles = {p.id: scorer.weight_vector(p.weights) for p in rulebase.profiles.values()}
    weights = sensitivity(scorer, batch.net, batch.floor, context.weight_vector, profiles)
    # Complete answers and the relaxation bound assume nothing: reuse what context computed.
    rescorer = (Rescorer(rulebase, base_answers(context, head.assumed)) if head.assumed else
                Rescorer(rulebase, context.answers, context.resolution, context.truth))

    def verify(change: dict[str, Any]) -> tuple[int, float]:
        rescored = assess(rulebase, {**context.answers, **change}, profile=None,
                          weights=context.weights, analyse=False)
        return VERDICTS.index(rescored.verdict), rescored.balance

    return {
        "evidence_gaps": evidence_gaps(context, head, rescorer),
        "sensitivity": weights,
        "what_would_change": mitigation_sets(context, rescorer, head.verdict, verify),
        "red_line_lifts": red_line_lifts(context, rescorer),
        "worse_if": worse_single_answers(context, rescorer, head.verdict),
    }
