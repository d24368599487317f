"""Conditions and answers in plain words, for the method page, the report and docs."""

from __future__ import annotations

from typing import Any

from .core.values import NOT_APPLICABLE, is_unknown
from .loading.conditions import All, Leaf, Node, Not
from .loading.model import Question, QuestionBank


def describe_leaf(leaf: Leaf, bank: QuestionBank) -> str:
    question = bank.questions[leaf.q]
    subject = f"“{question.text.rstrip('?.').rstrip()}”"
    return f"{subject} {question.kind.describe(question, leaf.op, leaf.value)}"


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
    if value is NOT_APPLICABLE:
        return "not applicable"
    if value is None:
        return "not answered"
    if is_unknown(value):
        return "don't know"
    return question.kind.text(question, value)
