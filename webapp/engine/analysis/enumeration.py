"""Every completion of the unknown answers, built question by question and scored at once.

A *variable* is a question the rules (or a concern's ``applies_if``) depend on whose state is
unknown: its answer is unknown, or its applicability is (a ``show_if`` reads an unknown answer).
Its values are the finite set the conditions can tell apart (its domain; the answer given when
only the applicability is unknown), plus "not applicable".

Completions are built in bank order, so that whether a question applies is decided in each
partial completion by the answers before it (a ``show_if`` reads only earlier questions): where
it applies the completion branches over its values, where it does not it takes "not applicable"
once. The count is therefore the number of completions that really differ, and the whole of a
section whose applicability is unknown is one branch point, not one per question. Past
``EXACT_LIMIT`` completions the caller falls back to the relaxation bound. Only the columns
whose truth is unknown are evaluated again, one vector per rule or concern.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..compiling.evaluate import VectorEvaluator
from ..core.values import NOT_APPLICABLE, is_unknown
from ..loading.answers import state_value
from ..scoring.context import Context

EXACT_LIMIT = 4096


@dataclass
class Variable:
    qid: str
    values: list[Any]  # state values; NOT_APPLICABLE last when the applicability is unknown
    answer_unknown: bool  # False: the answer is known, only its applicability is not

    @property
    def has_na(self) -> bool:
        return bool(self.values) and self.values[-1] is NOT_APPLICABLE

    @property
    def na_index(self) -> int:
        return len(self.values) - 1

    @property
    def real(self) -> int:
        """How many values are answers (not "not applicable")."""
        return len(self.values) - (1 if self.has_na else 0)


def variables_of(context: Context) -> list[Variable]:
    """The unknowns that matter, in bank order."""
    rulebase = context.rulebase
    applicability = context.resolution.applicable
    variables = []
    for qid in rulebase.relevant_questions:
        applicable = applicability[qid]
        if applicable is False:
            continue
        given = context.answers.get(qid)
        answer_unknown = is_unknown(given)
        if applicable is True and not answer_unknown:
            continue
        if answer_unknown:
            values = list(rulebase.domains[qid])
        else:
            values = [state_value(rulebase.bank.questions[qid], given)]
        if applicable is None:
            values = values + [NOT_APPLICABLE]
        variables.append(Variable(qid, values, answer_unknown))
    return variables


@dataclass
class Enumeration:
    variables: list[Variable]
    index: np.ndarray  # (K, V) value index of each variable in each completion
    rows: np.ndarray  # (K, n_rules + C) truth of every rule and concern in each


def _evaluator(context: Context, variables: list[Variable], index: np.ndarray,
               ) -> VectorEvaluator:
    columns = {v.qid: (index[:, i], v.values) for i, v in enumerate(variables)}
    return VectorEvaluator(context.rulebase.leaf_tables, context.resolution.state, columns)


def _branch(index: np.ndarray, applies: np.ndarray, variable: Variable) -> np.ndarray:
    """Add the variable's column: its values where it applies, "not applicable" elsewhere."""
    if variable.has_na:
        na = index[~applies]
        na = np.column_stack([na, np.full(len(na), variable.na_index)])
        index = index[applies]
    real = variable.real
    grown = np.column_stack([np.repeat(index, real, axis=0), np.tile(np.arange(real), len(index))])
    if variable.has_na:
        grown = np.vstack([grown, na])
    return grown


def enumerate_completions(context: Context, variables: list[Variable],
                          limit: int = EXACT_LIMIT) -> Enumeration | None:
    """Every completion that really differs and the truths in each; None past ``limit``."""
    rulebase = context.rulebase
    index = np.zeros((1, 0), dtype=np.int64)
    for i, variable in enumerate(variables):
        applies = np.ones(len(index), dtype=bool)
        if variable.has_na:
            vectors = _evaluator(context, variables[:i], index)
            for condition in rulebase.applicability[variable.qid]:
                applies = applies & vectors.evaluate(condition)
        index = _branch(index, applies, variable)
        if len(index) > limit:
            return None
    vectors = _evaluator(context, variables, index)
    rows = np.empty((len(index), len(rulebase.conditions)), dtype=bool)
    for column, truth in enumerate(context.truth):
        if truth is None:
            rows[:, column] = vectors.evaluate(rulebase.conditions[column])
        else:
            rows[:, column] = truth
    return Enumeration(variables, index, rows)


def reenumerate(context: Context, base: Enumeration, questions: set[str]) -> Enumeration:
    """The enumeration of answers that differ from ``base``'s only in ``questions`` (answered
    questions that apply for certain and decide no applicability), with the same variables:
    the completions are the same (branching reads only the questions that decide
    applicability), and only the columns whose condition reads a changed question can differ,
    so only those are evaluated again, as ``enumerate_completions`` evaluates them."""
    rulebase = context.rulebase
    rows = base.rows.copy()
    columns = sorted({i for qid in questions for i in rulebase.readers.get(qid, ())})
    if columns:
        vectors = _evaluator(context, base.variables, base.index)
        for column in columns:
            truth = context.truth[column]
            rows[:, column] = (vectors.evaluate(rulebase.conditions[column]) if truth is None
                               else truth)
    return Enumeration(base.variables, base.index, rows)
