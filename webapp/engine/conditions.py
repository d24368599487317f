"""Conditions: structured data (never strings to evaluate), parsed, validated and evaluated
in Kleene three-valued logic.

A condition is a leaf ``{q: id, <op>: value}`` or a combinator ``all: [...]``, ``any: [...]``
or ``not: {...}``. A leaf on an unknown answer, or on a question of unknown applicability, is
unknown; a leaf on a question that is not applicable is false.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .logic import Truth, and3, not3, or3
from .model import Question
from .problems import ProblemList, did_you_mean
from .values import NOT_APPLICABLE, UNKNOWN

State = Mapping[str, Any]
Evaluator = Callable[[State], Truth]

LEAF_OPS: dict[str, tuple[str, ...]] = {
    "choice": ("is", "in"),
    "yesno": ("is", "in"),
    "multi": ("has", "has_any", "has_all"),
    "number": ("gt", "gte", "lt", "lte"),
    "text": (),
}
ALL_LEAF_OPS = ("is", "in", "has", "has_any", "has_all", "gt", "gte", "lt", "lte")
COMBINATORS = ("all", "any", "not")
LIST_OPS = ("in", "has_any", "has_all")


@dataclass(frozen=True)
class Leaf:
    q: str
    op: str
    value: Any  # str for is/has, frozenset[str] for in/has_any/has_all, float for comparisons

    def test(self, v: Any) -> bool:
        """The leaf on a known answer of an applicable question."""
        op, value = self.op, self.value
        if op == "is":
            return v == value
        if op == "in":
            return v in value
        if op == "has":
            return value in v
        if op == "has_any":
            return bool(value & v)
        if op == "has_all":
            return value <= v
        if op == "gt":
            return v > value
        if op == "gte":
            return v >= value
        if op == "lt":
            return v < value
        return v <= value  # lte

    def evaluate(self, state: State) -> Truth:
        v = state.get(self.q, UNKNOWN)
        if v is NOT_APPLICABLE:
            return False
        if v is UNKNOWN or v == UNKNOWN:
            return None
        return self.test(v)

    def children(self) -> tuple[Node, ...]:
        return ()


@dataclass(frozen=True)
class All:
    items: tuple[Node, ...]

    def evaluate(self, state: State) -> Truth:
        return and3(item.evaluate(state) for item in self.items)

    def children(self) -> tuple[Node, ...]:
        return self.items


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Node, ...]

    def evaluate(self, state: State) -> Truth:
        return or3(item.evaluate(state) for item in self.items)

    def children(self) -> tuple[Node, ...]:
        return self.items


@dataclass(frozen=True)
class Not:
    item: Node

    def evaluate(self, state: State) -> Truth:
        return not3(self.item.evaluate(state))

    def children(self) -> tuple[Node, ...]:
        return (self.item,)


Node = Leaf | All | AnyOf | Not


def leaves(node: Node) -> Iterator[Leaf]:
    if isinstance(node, Leaf):
        yield node
    else:
        for child in node.children():
            yield from leaves(child)


def questions_read(node: Node | None) -> set[str]:
    return set() if node is None else {leaf.q for leaf in leaves(node)}


def _tester(leaf: Leaf) -> Callable[[Any], bool]:
    """The leaf's test as a single-purpose function (Leaf.test chooses the op on every call)."""
    op, value = leaf.op, leaf.value
    testers: dict[str, Callable[[Any], bool]] = {
        "is": lambda v: v == value,
        "in": lambda v: v in value,
        "has": lambda v: value in v,
        "has_any": lambda v: not value.isdisjoint(v),
        "has_all": lambda v: value <= v,
        "gt": lambda v: v > value,
        "gte": lambda v: v >= value,
        "lt": lambda v: v < value,
        "lte": lambda v: v <= value,
    }
    return testers[op]


def compile_condition(node: Node | None) -> Evaluator:
    """Turn a condition into a fast closure (no eval: plain Python functions over the tree)."""
    if node is None:
        return lambda state: True
    if isinstance(node, Leaf):
        q, test = node.q, _tester(node)

        def leaf(state: State) -> Truth:
            v = state.get(q, UNKNOWN)
            if v is NOT_APPLICABLE:
                return False
            if v == UNKNOWN:
                return None
            return test(v)

        return leaf
    if isinstance(node, Not):
        inner = compile_condition(node.item)
        return lambda state: not3(inner(state))
    parts = tuple(compile_condition(item) for item in node.items)
    # Plain loops rather than and3/or3 over a generator: this is the engine's hot path.
    if isinstance(node, All):

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


def to_data(node: Node | None) -> Any:
    """A parsed condition back in its YAML/JSON form (for the browser and the CLI)."""
    if node is None:
        return None
    if isinstance(node, Leaf):
        value = sorted(node.value) if isinstance(node.value, frozenset) else node.value
        return {"q": node.q, node.op: value}
    if isinstance(node, Not):
        return {"not": to_data(node.item)}
    key = "all" if isinstance(node, All) else "any"
    return {key: [to_data(item) for item in node.items]}


# --- parsing and validation -------------------------------------------------------------------


class ConditionParser:
    """Parses condition data against the questions it may refer to, collecting problems."""

    def __init__(self, questions: Mapping[str, Question], problems: ProblemList, owner: str):
        self.questions = questions
        self.problems = problems
        self.owner = owner

    def parse(self, data: Any, path: str) -> Node | None:
        if not isinstance(data, dict) or not data:
            self._problem(path, "a condition must be a mapping: a leaf {q: ..., is: ...} "
                                "or one of all / any / not")
            return None
        keys = set(data)
        combinators = keys & set(COMBINATORS)
        if combinators:
            if len(keys) != 1:
                self._problem(path, f"a combinator stands alone; found keys {sorted(keys)}")
                return None
            key = combinators.pop()
            return self._combinator(key, data[key], f"{path}.{key}")
        if "q" not in keys:
            unknown = sorted(keys - set(ALL_LEAF_OPS))
            hint = did_you_mean(unknown[0], COMBINATORS + ("q",)) if unknown else ""
            self._problem(path, f"a leaf needs q (the question id); found keys {sorted(keys)}"
                                + hint)
            return None
        return self._leaf(data, path)

    def _combinator(self, key: str, body: Any, path: str) -> Node | None:
        if key == "not":
            inner = self.parse(body, path)
            return None if inner is None else Not(inner)
        if not isinstance(body, list) or not body:
            self._problem(path, f"{key} takes a non-empty list of conditions")
            return None
        items = [self.parse(item, f"{path}[{i}]") for i, item in enumerate(body)]
        if any(item is None for item in items):
            return None
        return All(tuple(items)) if key == "all" else AnyOf(tuple(items))

    def _leaf(self, data: dict, path: str) -> Leaf | None:
        qid = data["q"]
        ops = [k for k in data if k != "q"]
        if not isinstance(qid, str) or qid not in self.questions:
            self._problem(f"{path}.q", f'unknown question "{qid}"'
                                       + did_you_mean(qid, self.questions))
            return None
        question = self.questions[qid]
        allowed = LEAF_OPS[question.type]
        if len(ops) != 1:
            self._problem(path, f"a leaf has q and exactly one test ({', '.join(allowed)}); "
                                f"found {ops or 'none'}")
            return None
        op = ops[0]
        if op not in allowed:
            if question.type == "text":
                message = f'question "{qid}" is free text and cannot be tested by a rule'
            else:
                message = (f'"{op}" does not apply to {question.type} question "{qid}"; '
                           f"use one of {', '.join(allowed)}")
                message += did_you_mean(op, allowed)
            self._problem(f"{path}.{op}", message)
            return None
        value = self._value(question, op, data[op], f"{path}.{op}")
        return None if value is None else Leaf(qid, op, value)

    def _value(self, question: Question, op: str, raw: Any, path: str) -> Any:
        if question.type == "number":
            if isinstance(raw, bool) or not isinstance(raw, int | float):
                self._problem(path, f'"{question.id}" is a number question; {op} needs a number, '
                                    f"not {raw!r}")
                return None
            return float(raw)
        values = raw if op in LIST_OPS else [raw]
        if op in LIST_OPS and (not isinstance(raw, list) or not raw):
            self._problem(path, f"{op} takes a non-empty list of option ids")
            return None
        options = question.option_ids
        good = True
        for value in values:
            if isinstance(value, bool):
                self._problem(path, f"{value!r} is a YAML boolean; write the option id "
                                    f"({', '.join(options)}), quoted if need be")
                good = False
            elif not isinstance(value, str) or value not in options:
                self._problem(path, f'"{value}" is not an option of "{question.id}" '
                                    f"({', '.join(options)})" + did_you_mean(value, options))
                good = False
        if not good:
            return None
        return frozenset(values) if op in LIST_OPS else values[0]

    def _problem(self, field: str, message: str) -> None:
        self.problems.add(self.owner, field, message)
