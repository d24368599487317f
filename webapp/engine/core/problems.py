"""Problems found while loading or checking the rule base, reported by file, id and field."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a look) in a rules file."""

    file: str
    id: str
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.id:
            where += f": {self.id}"
        if self.field:
            where += f": {self.field}"
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "id": self.id, "field": self.field, "message": self.message}


class RuleBaseError(Exception):
    """Raised when the rule base cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"the rule base has {len(problems)} problem(s):\n{lines}")


def did_you_mean(word: object, candidates: Iterable[str]) -> str:
    """A ' (did you mean "x"?)' suffix for an unknown id or value, or '' when nothing is close."""
    matches = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    return f' (did you mean "{matches[0]}"?)' if matches else ""


class AnswerError(ValueError):
    """An answer that does not fit the question bank; ``where`` names the question or path and
    ``detail`` says what is wrong."""

    def __init__(self, where: str, message: str):
        self.where = where
        self.detail = message
        super().__init__(f"{where}: {message}")


class ProblemList:
    """Collects problems for one file so loaders can keep going after the first one."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[Problem] = []

    def add(self, id_: str, field: str, message: str) -> None:
        self.items.append(Problem(self.file, id_, field, message))

    def __bool__(self) -> bool:
        return bool(self.items)
