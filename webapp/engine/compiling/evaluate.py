"""The one meaning of a condition, compiled once and evaluated two ways.

A leaf is compiled to a function of the state (``leaf_function``): false on a question that is
not applicable; unknown on an unknown answer; on an answer to a question of unknown
applicability, false when the answer fails the test and unknown otherwise; else the test.
Combinators follow Kleene's three-valued logic. The scalar path (``compile_condition``) runs
these functions on one state; the vectorised path (``VectorEvaluator``) builds each leaf's
table of truth values by calling the same leaf function on every value of a variable, then
combines the tables with numpy over all rows at once. Both read the same parsed tree, so they
cannot drift apart; ``conditions.js`` mirrors the leaf rule for the browser and a test runs
both on one table of cases.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from ..core.values import NOT_APPLICABLE, UNKNOWN, Conditional, Truth
from ..loading.conditions import All, Leaf, Node, Not

State = Mapping[str, Any]
Evaluator = Callable[[State], Truth]


def leaf_function(leaf: Leaf) -> Evaluator:
    """The leaf on a state: not applicable is false, an unknown answer is unknown, an answer
    whose question may not apply counts only when it makes the leaf false."""
    q, test = leaf.q, leaf.test

    def evaluate(state: State) -> Truth:
        value = state.get(q, UNKNOWN)
        if value is NOT_APPLICABLE:
            return False
        if value is UNKNOWN or value == UNKNOWN:
            return None
        if type(value) is Conditional:
            return None if test(value.value) else False
        return test(value)

    return evaluate


def compile_condition(node: Node | None) -> Evaluator:
    """The condition as a fast closure over plain Python functions (never eval)."""
    if node is None:
        return lambda state: True
    if isinstance(node, Leaf):
        return leaf_function(node)
    if isinstance(node, Not):
        return _negation(compile_condition(node.item))
    parts = tuple(compile_condition(item) for item in node.items)
    return _all_of(parts) if isinstance(node, All) else _any_of(parts)


def _negation(inner: Evaluator) -> Evaluator:
    def negation(state: State) -> Truth:
        value = inner(state)
        return None if value is None else not value

    return negation


# Plain loops rather than generators: these are the engine's hot path.
def _all_of(parts: tuple[Evaluator, ...]) -> Evaluator:
    def all_of(state: State) -> Truth:
        result: Truth = True
        for part in parts:
            value = part(state)
            if value is False:
                return False
            if value is None:
                result = None
        return result

    return all_of


def _any_of(parts: tuple[Evaluator, ...]) -> Evaluator:
    def any_of(state: State) -> Truth:
        result: Truth = False
        for part in parts:
            value = part(state)
            if value is True:
                return True
            if value is None:
                result = None
        return result

    return any_of


class LeafTables:
    """Each leaf's truth over the values of a variable, computed once with the leaf function."""

    def __init__(self) -> None:
        self._tables: dict[tuple[Leaf, tuple[Any, ...]], np.ndarray] = {}

    def table(self, leaf: Leaf, values: Sequence[Any]) -> np.ndarray:
        key = (leaf, tuple(values))
        table = self._tables.get(key)
        if table is None:
            evaluate = leaf_function(leaf)
            truths = [evaluate({leaf.q: value}) for value in values]
            if any(t is None for t in truths):
                raise ValueError(f"a variable of {leaf.q} holds an unknown value")
            table = np.array(truths, dtype=bool)
            self._tables[key] = table
        return table


class VectorEvaluator:
    """Evaluates conditions over K rows at once: a leaf on a variable is a table lookup, a leaf
    on a known question is the same in every row. Every unknown must be a variable, so the
    rows are two-valued."""

    def __init__(self, tables: LeafTables, state: State,
                 columns: Mapping[str, tuple[np.ndarray, Sequence[Any]]]):
        """``columns``: per variable, the value index of each row and the variable's values."""
        self.tables = tables
        self.state = state
        self.columns = columns
        self.cache: dict[Leaf, Any] = {}

    def leaf(self, leaf: Leaf) -> Any:
        cached = self.cache.get(leaf)
        if cached is not None:
            return cached
        column = self.columns.get(leaf.q)
        if column is None:
            value = leaf_function(leaf)(self.state)
            if value is None:
                raise ValueError(f"{leaf.q} is unknown but not a variable")
        else:
            index, values = column
            value = self.tables.table(leaf, values)[index]
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
