"""Kleene three-valued logic: True, False and None (unknown)."""

from __future__ import annotations

from collections.abc import Iterable

Truth = bool | None


def and3(values: Iterable[Truth]) -> Truth:
    """False if any is false, True if all are true, otherwise unknown."""
    result: Truth = True
    for value in values:
        if value is False:
            return False
        if value is None:
            result = None
    return result


def or3(values: Iterable[Truth]) -> Truth:
    """True if any is true, False if all are false, otherwise unknown."""
    result: Truth = False
    for value in values:
        if value is True:
            return True
        if value is None:
            result = None
    return result


def not3(value: Truth) -> Truth:
    return None if value is None else not value
