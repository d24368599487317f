"""Every completion of the unknown answers, scored at once with numpy.

A *variable* is a question the rules depend on whose state is unknown: its answer is unknown,
or its applicability is (a ``show_if`` reads an unknown answer). Its domain is the finite set of
values the conditions can tell apart (``domains.py``), plus "not applicable" when its
applicability is unknown. The product of the domains is enumerated while it has at most
``EXACT_LIMIT`` combinations; rows whose "not applicable" states contradict the show_if
conditions are dropped. Only rules whose truth is unknown are re-evaluated, one vector per rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from .conditions import All, Leaf, Node, Not, leaves
from .domains import question_domains
from .values import NOT_APPLICABLE, UNKNOWN

if TYPE_CHECKING:
    from .assess import Context
    from .rulebase import RuleBase

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


class Compiled:
    """What enumeration needs from a rule base, computed once when the rules load."""

    def __init__(self, rulebase: RuleBase):
        self.rulebase = rulebase
        self.domains = question_domains(rulebase.bank, rulebase.rules)
        self._tables: dict[Leaf, np.ndarray] = {}

    def leaf_table(self, leaf: Leaf, variable: Variable) -> np.ndarray:
        """The leaf's truth for each value of a variable (not applicable gives False)."""
        if variable.answer_unknown:  # the question's own domain: compiled once per leaf
            table = self._tables.get(leaf)
            if table is None:
                table = np.array([bool(leaf.test(v)) for v in self.domains[leaf.q]] + [False],
                                 dtype=bool)
                self._tables[leaf] = table
            return table  # the trailing False serves the not-applicable index
        return np.array([bool(leaf.test(variable.values[0])), False], dtype=bool)

    @cached_property
    def leaves_by_question(self) -> dict[str, list[Leaf]]:
        """Every leaf of every rule and show_if, by the question it tests."""
        from .domains import all_conditions

        found: dict[str, list[Leaf]] = {}
        for condition in all_conditions(self.rulebase.bank, self.rulebase.rules):
            for leaf in leaves(condition):
                found.setdefault(leaf.q, []).append(leaf)
        return found

    @cached_property
    def applicability(self) -> dict[str, list[Node]]:
        """Per question, the show_if conditions (its section's and its own) that decide it."""
        conditions: dict[str, list[Node]] = {}
        for section in self.rulebase.bank.sections:
            for question in section.questions:
                conditions[question.id] = [c for c in (section.show_if, question.show_if)
                                           if c is not None]
        return conditions


def variables_of(context: Context) -> list[Variable]:
    """The unknowns that matter, in bank order."""
    compiled = context.rulebase.compiled
    resolution = context.resolution
    variables = []
    for qid in context.rulebase.relevant_questions:
        applicable = resolution.applicable[qid]
        if applicable is False:
            continue
        question = context.rulebase.bank.questions[qid]
        given = context.answers.get(qid, UNKNOWN)
        answer_unknown = given is None or (isinstance(given, str) and given == UNKNOWN)
        if applicable is True and not answer_unknown:
            continue
        if answer_unknown:
            values = list(compiled.domains[qid])
        else:
            from .answers import state_value

            values = [state_value(question, given)]
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


class _Vectors:
    """Evaluates conditions over all rows: a leaf on a variable is a table lookup."""

    def __init__(self, context: Context, variables: list[Variable], index: np.ndarray):
        self.compiled = context.rulebase.compiled
        self.state = context.resolution.state
        self.columns = {v.qid: (index[:, i], v) for i, v in enumerate(variables)}
        self.cache: dict[Leaf, Any] = {}

    def leaf(self, leaf: Leaf) -> Any:
        cached = self.cache.get(leaf)
        if cached is not None:
            return cached
        column = self.columns.get(leaf.q)
        if column is None:
            value = bool(leaf.evaluate(self.state))  # known here: every unknown is a variable
        else:
            col, variable = column
            value = self.compiled.leaf_table(leaf, variable)[col]
        self.cache[leaf] = value
        return value

    def evaluate(self, node: Node) -> Any:
        """A bool (the same in every row) or a bool array over the rows."""
        if isinstance(node, Leaf):
            return self.leaf(node)
        if isinstance(node, Not):
            inner = self.evaluate(node.item)
            return (not inner) if isinstance(inner, bool) else ~inner
        is_all = isinstance(node, All)
        result: Any = is_all
        for item in node.items:
            value = self.evaluate(item)
            if isinstance(value, bool):
                if value != is_all:  # False in all, True in any: decided for every row
                    return value
                continue
            if isinstance(result, bool):
                result = value
            else:
                result = (result & value) if is_all else (result | value)
        return result


def _grid(variables: list[Variable]) -> np.ndarray:
    sizes = [len(v.values) for v in variables]
    if not sizes:
        return np.zeros((1, 0), dtype=np.int64)
    grids = np.meshgrid(*[np.arange(s) for s in sizes], indexing="ij")
    return np.stack([g.ravel() for g in grids], axis=1)


def enumerate_completions(context: Context, variables: list[Variable]) -> Enumeration:
    """All consistent completions and the rules that fire in each."""
    index = _grid(variables)
    vectors = _Vectors(context, variables, index)
    keep = np.ones(len(index), dtype=bool)
    compiled = context.rulebase.compiled
    for i, variable in enumerate(variables):
        if not variable.has_na:
            continue
        applicable = np.ones(len(index), dtype=bool)
        for condition in compiled.applicability[variable.qid]:
            applicable = applicable & vectors.evaluate(condition)
        is_na = index[:, i] == variable.na_index
        keep &= is_na == ~applicable
    index = index[keep]
    vectors = _Vectors(context, variables, index)
    firing = np.empty((len(index), len(context.rulebase.rules)), dtype=bool)
    for r, truth in enumerate(context.truth):
        if truth is None:
            firing[:, r] = vectors.evaluate(context.rulebase.rules[r].when)
        else:
            firing[:, r] = truth
    return Enumeration(variables, index, firing)
