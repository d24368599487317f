"""Conditions: structured data (never strings to evaluate), parsed and validated against the
question bank. A condition is a leaf ``{q: id, <op>: value}`` or a combinator ``all: [...]``,
``any: [...]`` or ``not: {...}``. How they evaluate is ``compiling.evaluate``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.problems import ProblemList, did_you_mean
from ..qtypes import all_operators, question_type

COMBINATORS = ("all", "any", "not")


@dataclass(frozen=True)
class Leaf:
    q: str
    op: str
    value: Any  # the operand in compared form (str, frozenset, float, date)
    test: Callable[[Any], bool] = field(compare=False, repr=False)  # on a known state value
    data: Any = field(compare=False, repr=False)  # the operand as YAML/JSON writes it


@dataclass(frozen=True)
class All:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


Node = Leaf | All | AnyOf | Not


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Leaf):
        return ()
    if isinstance(node, Not):
        return (node.item,)
    return node.items


def leaves(node: Node) -> Iterator[Leaf]:
    if isinstance(node, Leaf):
        yield node
    else:
        for child in children(node):
            yield from leaves(child)


def questions_read(node: Node | None) -> set[str]:
    return set() if node is None else {leaf.q for leaf in leaves(node)}


def to_data(node: Node | None) -> Any:
    """A parsed condition back in its YAML/JSON form (for the browser and the CLI)."""
    if node is None:
        return None
    if isinstance(node, Leaf):
        return {"q": node.q, node.op: node.data}
    if isinstance(node, Not):
        return {"not": to_data(node.item)}
    key = "all" if isinstance(node, All) else "any"
    return {key: [to_data(item) for item in node.items]}


class ConditionParser:
    """Parses condition data against the questions it may refer to, collecting problems."""

    def __init__(self, questions: Mapping[str, Any], problems: ProblemList, owner: str):
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
            unknown = sorted(keys - set(all_operators()))
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
        return All(tuple(items)) if key == "all" else AnyOf(tuple(items))  # type: ignore[arg-type]

    def _leaf(self, data: dict, path: str) -> Leaf | None:
        qid = data["q"]
        ops = [k for k in data if k != "q"]
        if not isinstance(qid, str) or qid not in self.questions:
            self._problem(f"{path}.q", f'unknown question "{qid}"'
                                       + did_you_mean(qid, self.questions))
            return None
        question = self.questions[qid]
        qtype = question_type(question.type)
        allowed = qtype.operators
        if len(ops) != 1:
            self._problem(path, f"a leaf has q and exactly one test ({', '.join(allowed)}); "
                                f"found {ops or 'none'}")
            return None
        op = ops[0]
        if op not in allowed:
            if not allowed:
                message = f'question "{qid}" is free text and cannot be tested by a rule'
            else:
                message = (f'"{op}" does not apply to {question.type} question "{qid}"; '
                           f"use one of {', '.join(allowed)}" + did_you_mean(op, allowed))
            self._problem(f"{path}.{op}", message)
            return None
        where = f"{path}.{op}"
        value = qtype.parse_operand(question, op, data[op],
                                    lambda message: self._problem(where, message))
        if value is None:
            return None
        return Leaf(qid, op, value, qtype.tester(op, value), qtype.operand_data(value))

    def _problem(self, field: str, message: str) -> None:
        self.problems.add(self.owner, field, message)
