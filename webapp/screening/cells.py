"""Answers written as portfolio cells (the reverse of ``QuestionType.parse_cell``): for the
benchmark's generated files, tests and the examples."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from ..engine import RuleBase
from ..engine.core.values import UNKNOWN
from .reader import ID_COLUMN, TITLE_COLUMN


def answer_cell(value: Any) -> str:
    """An answer as a cell: option ids joined by | (none for []), numbers, text, unknown."""
    if value is None or value == UNKNOWN:
        return UNKNOWN
    if isinstance(value, list | tuple):
        return "|".join(value) if value else "none"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def portfolio_csv(rulebase: RuleBase, projects: Iterable[tuple[str, str, Mapping[str, Any]]],
                  delimiter: str = ",") -> str:
    """A portfolio file with every question's column for (project id, title, answers)."""
    ids = [q.id for q in rulebase.bank.ordered()]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([ID_COLUMN, TITLE_COLUMN, *ids])
    for pid, title, answers in projects:
        writer.writerow([pid, title, *(answer_cell(answers[q]) if q in answers else ""
                                       for q in ids)])
    return buffer.getvalue()
