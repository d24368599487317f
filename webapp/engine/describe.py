"""Conditions and answers in plain words, for the method page, the report and docs."""

from __future__ import annotations

from typing import Any

from .conditions import All, Leaf, Node, Not
from .model import Question, QuestionBank
from .values import NOT_APPLICABLE, UNKNOWN

COMPARISONS = {"gt": "more than", "gte": "at least", "lt": "less than", "lte": "at most"}


def _labels(question: Question, values: Any) -> str:
    items = sorted(values, key=question.option_ids.index) if not isinstance(values, str) else [
        values]
    return ", ".join(f"“{question.option_label(v)}”" for v in items)


def describe_leaf(leaf: Leaf, bank: QuestionBank) -> str:
    question = bank.questions[leaf.q]
    subject = f"“{question.text.rstrip('?.').rstrip()}”"
    op, value = leaf.op, leaf.value
    if op == "is":
        return f"{subject} is {_labels(question, value)}"
    if op == "in":
        return f"{subject} is one of {_labels(question, value)}"
    if op == "has":
        return f"{subject} includes {_labels(question, value)}"
    if op == "has_any":
        return f"{subject} includes any of {_labels(question, value)}"
    if op == "has_all":
        return f"{subject} includes all of {_labels(question, value)}"
    unit = f" {question.unit}" if question.unit and question.unit != "%" else question.unit
    return f"{subject} is {COMPARISONS[op]} {value:g}{unit}"


def describe(node: Node, bank: QuestionBank) -> str:
    """One line of plain words; nested groups in brackets."""
    if isinstance(node, Leaf):
        return describe_leaf(node, bank)
    if isinstance(node, Not):
        return f"not ({describe(node.item, bank)})"
    joiner = " and " if isinstance(node, All) else " or "
    return joiner.join(
        describe(item, bank) if isinstance(item, Leaf | Not) else f"({describe(item, bank)})"
        for item in node.items)


def describe_lines(node: Node, bank: QuestionBank, depth: int = 0) -> list[tuple[int, str]]:
    """The condition as indented lines: (depth, text), for lists in HTML."""
    if isinstance(node, Leaf):
        return [(depth, describe_leaf(node, bank))]
    if isinstance(node, Not):
        if isinstance(node.item, Leaf):
            return [(depth, f"not: {describe_leaf(node.item, bank)}")]
        return [(depth, "none of this holds:"), *describe_lines(node.item, bank, depth + 1)]
    head = "all of:" if isinstance(node, All) else "any of:"
    lines = [(depth, head)]
    for item in node.items:
        lines.extend(describe_lines(item, bank, depth + 1))
    return lines


def answer_text(question: Question, value: Any) -> str:
    """An answer as the report prints it."""
    if value is None or value is NOT_APPLICABLE:
        return "not applicable" if value is NOT_APPLICABLE else "not answered"
    if isinstance(value, str) and value == UNKNOWN:
        return "don't know"
    if question.type == "multi":
        items = list(value)
        return "none of these" if not items else "; ".join(question.option_label(v) for v in items)
    if question.type in ("choice", "yesno"):
        return question.option_label(value)
    if question.type == "number":
        unit = question.unit
        return f"{value:g}{unit}" if unit == "%" else f"{value:g} {unit}".strip()
    return str(value)
