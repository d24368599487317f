"""Sentinels for answer states, and Kleene three-valued logic."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

#: An answer the user does not know (the form's "don't know"); a missing answer means the same.
UNKNOWN: Final = "unknown"

#: A truth value in three-valued logic: True, False, or None for unknown.
Truth = bool | None


class _NotApplicable:
    """The state of a question whose ``show_if`` (or its section's) is false."""

    _instance: _NotApplicable | None = None

    def __new__(cls) -> _NotApplicable:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE: Final = _NotApplicable()


class Conditional:
    """The state of a question whose applicability is unknown but whose answer is given: a
    leaf on it is false when the answer makes it false (false whether or not the question turns
    out to apply), and unknown otherwise (DESIGN.md, conditions)."""

    __slots__ = ("value",)

    def __init__(self, value: object):
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Conditional) and other.value == self.value

    def __hash__(self) -> int:
        return hash(("conditional", self.value))

    def __repr__(self) -> str:
        return f"Conditional({self.value!r})"


def is_unknown(value: Any) -> bool:
    """A missing answer or "don't know"."""
    return value is None or (isinstance(value, str) and value == UNKNOWN)


def and3(values: Iterable[Truth]) -> Truth:
    """False if any is false, True if all are true, otherwise unknown."""
    result: Truth = True
    for value in values:
        if value is False:
            return False
        if value is None:
            result = None
    return result
