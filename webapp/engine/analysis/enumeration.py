"""Every completion of the unknown answers, scored at once with numpy.

A *variable* is a question the rules depend on whose state is unknown: its answer is unknown,
or its applicability is (a ``show_if`` reads an unknown answer). Its values are the finite set
the conditions can tell apart (its domain), plus "not applicable" when its applicability is
unknown. The product of the values is enumerated while it has at most ``EXACT_LIMIT``
combinations; rows whose "not applicable" states contradict the show_if conditions are dropped.
Only rules whose truth is unknown are re-evaluated, one vector per rule.
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


def combinations(variables: list[Variable]) -> int:
    size = 1
    for variable in variables:
        size *= len(variable.values)
    return size


@dataclass
class Enumeration:
    variables: list[Variable]
    index: np.ndarray  # (K, V) value index of each variable in each row
    firing: np.ndarray  # (K, n_rules)


def _grid(variables: list[Variable]) -> np.ndarray:
    sizes = [len(v.values) for v in variables]
    if not sizes:
        return np.zeros((1, 0), dtype=np.int64)
    grids = np.meshgrid(*[np.arange(s) for s in sizes], indexing="ij")
    return np.stack([g.ravel() for g in grids], axis=1)


def _evaluator(context: Context, variables: list[Variable], index: np.ndarray,
               ) -> VectorEvaluator:
    columns = {v.qid: (index[:, i], v.values) for i, v in enumerate(variables)}
    return VectorEvaluator(context.rulebase.leaf_tables, context.resolution.state, columns)


def enumerate_completions(context: Context, variables: list[Variable]) -> Enumeration:
    """All consistent completions and the rules that fire in each."""
    rulebase = context.rulebase
    index = _grid(variables)
    vectors = _evaluator(context, variables, index)
    keep = np.ones(len(index), dtype=bool)
    for i, variable in enumerate(variables):
        if not variable.has_na:
            continue
        applicable = np.ones(len(index), dtype=bool)
        for condition in rulebase.applicability[variable.qid]:
            applicable = applicable & vectors.evaluate(condition)
        is_na = index[:, i] == variable.na_index
        keep &= is_na == ~applicable
    index = index[keep]
    vectors = _evaluator(context, variables, index)
    firing = np.empty((len(index), len(rulebase.rules)), dtype=bool)
    for r, truth in enumerate(context.truth):
        if truth is None:
            firing[:, r] = vectors.evaluate(rulebase.rules[r].when)
        else:
            firing[:, r] = truth
    return Enumeration(variables, index, firing)
