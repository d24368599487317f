"""Finite domains of answers: the few values of each question that rules can tell apart.

A choice question's domain is its options. A number question's is one value in each region
cut out by the thresholds that rules and ``show_if`` conditions compare it with. A multi
question's is every subset of the options that conditions test for. Enumerating these
domains visits every distinguishable completion of unknown answers, so an interval computed
over them is exact. Built once per rule base.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from .conditions import leaves
from .model import Question, QuestionBank, Rule


def all_conditions(bank: QuestionBank, rules: list[Rule]):
    """Every rule condition and show_if of the rule base."""
    for rule in rules:
        yield rule.when
    for section in bank.sections:
        if section.show_if is not None:
            yield section.show_if
        for question in section.questions:
            if question.show_if is not None:
                yield question.show_if


def referenced_values(bank: QuestionBank, rules: list[Rule]) -> dict[str, set[Any]]:
    """Per question, the option ids or thresholds that some condition tests."""
    found: dict[str, set[Any]] = {}
    for condition in all_conditions(bank, rules):
        for leaf in leaves(condition):
            values = leaf.value if isinstance(leaf.value, frozenset) else {leaf.value}
            found.setdefault(leaf.q, set()).update(values)
    return found


def number_domain(question: Question, thresholds: set[float]) -> list[float]:
    """One representative per region: below, at and between and above each threshold."""
    low, high = question.minimum, question.maximum
    cuts = sorted(t for t in thresholds
                  if (low is None or t >= low) and (high is None or t <= high))
    if not cuts:
        return [low if low is not None else 0.0]
    values = []
    if low is None or low < cuts[0]:
        values.append(max(low, cuts[0] - 1) if low is not None else cuts[0] - 1)
    for i, cut in enumerate(cuts):
        values.append(cut)
        if i + 1 < len(cuts):
            values.append((cut + cuts[i + 1]) / 2)
    if high is None or high > cuts[-1]:
        values.append(min(high, cuts[-1] + 1) if high is not None else cuts[-1] + 1)
    return values


def multi_domain(question: Question, tested: set[str]) -> list[frozenset[str]]:
    """Every subset of the tested options, in question order (the empty set first)."""
    ordered = [o for o in question.option_ids if o in tested]
    return [frozenset(combo) for size in range(len(ordered) + 1)
            for combo in combinations(ordered, size)]


def question_domains(bank: QuestionBank, rules: list[Rule]) -> dict[str, list[Any]]:
    """The finite domain (as state values) of every question that can be tested."""
    referenced = referenced_values(bank, rules)
    domains: dict[str, list[Any]] = {}
    for question in bank.ordered():
        tested = referenced.get(question.id, set())
        if question.type in ("choice", "yesno"):
            domains[question.id] = list(question.option_ids)
        elif question.type == "number":
            domains[question.id] = number_domain(question, tested)
        elif question.type == "multi":
            domains[question.id] = multi_domain(question, tested)
    return domains
