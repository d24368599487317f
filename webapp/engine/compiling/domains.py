"""Finite domains of answers: the few values of each question that rules can tell apart.

A choice question's domain is its options; a number's, one value in each region cut out by the
thresholds that conditions compare it with; a multi question's, every subset of the options
that conditions test for (each type says, ``qtypes``). Enumerating these domains visits every
distinguishable completion of unknown answers, so an interval computed over them is exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..loading.conditions import Node, leaves
from ..loading.model import QuestionBank, Rule


def all_conditions(bank: QuestionBank, rules: list[Rule],
                   extra: Iterable[Node | None] = ()) -> Iterator[Node]:
    """Every rule condition and show_if of the rule base, and any extra conditions."""
    for rule in rules:
        yield rule.when
    for condition in extra:
        if condition is not None:
            yield condition
    for section in bank.sections:
        if section.show_if is not None:
            yield section.show_if
        for question in section.questions:
            if question.show_if is not None:
                yield question.show_if


def referenced_values(bank: QuestionBank, rules: list[Rule],
                      extra: Iterable[Node | None] = ()) -> dict[str, set[Any]]:
    """Per question, the option ids or thresholds that some condition tests."""
    found: dict[str, set[Any]] = {}
    for condition in all_conditions(bank, rules, extra):
        for leaf in leaves(condition):
            values = leaf.value if isinstance(leaf.value, frozenset) else {leaf.value}
            found.setdefault(leaf.q, set()).update(values)
    return found


def question_domains(bank: QuestionBank, rules: list[Rule],
                     extra: Iterable[Node | None] = ()) -> dict[str, list[Any]]:
    """The finite domain (as state values) of every question whose answers rules can test."""
    referenced = referenced_values(bank, rules, extra)
    return {question.id: question.kind.domain(question, referenced.get(question.id, set()))
            for question in bank.ordered() if question.kind.enumerable}
