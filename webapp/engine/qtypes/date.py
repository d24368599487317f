"""``date``: a calendar day, stored as an ISO date ("2025-03-31"), compared with ``before`` and
``after`` (strictly earlier or later than the day named)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from ..core.problems import AnswerError
from .base import QuestionLike, register
from .options import no_options
from .ordered import OrderedType, regions


def as_date(value: Any) -> dt.date | None:
    """A date from a YAML date or an ISO string; None when it is neither."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@register
class DateType(OrderedType):
    id = "date"
    operators = ("before", "after")
    fields = ("min", "max")
    a_value = "a date"

    def parse(self, raw: dict, question: Any, report: Callable[[str, str], None]) -> None:
        no_options(raw, self.id, report)
        for key, attribute in (("min", "minimum"), ("max", "maximum")):
            value = raw.get(key)
            if value is not None and as_date(value) is None:
                report(key, f"{key} must be a date written YYYY-MM-DD")
            setattr(question, attribute, as_date(value) if value is not None else None)

    def parse_operand(self, question: QuestionLike, op: str, raw: Any,
                      report: Callable[[str], None]) -> Any:
        day = as_date(raw)
        if day is None:
            report(f'"{question.id}" is a date question; {op} needs a date written YYYY-MM-DD, '
                   f"not {raw!r}")
        return day

    def tester(self, op: str, operand: Any) -> Callable[[Any], bool]:
        if op == "before":
            return lambda v: v < operand
        return lambda v: v > operand

    def operand_data(self, operand: Any) -> Any:
        return operand.isoformat()

    def normalise(self, question: QuestionLike, value: Any) -> Any:
        day = as_date(value)
        if day is None:
            raise AnswerError(question.id, f"expects a date written YYYY-MM-DD, not {value!r}")
        if question.minimum is not None and day < question.minimum:
            raise AnswerError(question.id, f"{day} is before the earliest date {question.minimum}")
        if question.maximum is not None and day > question.maximum:
            raise AnswerError(question.id, f"{day} is after the latest date {question.maximum}")
        return day.isoformat()

    def state(self, question: QuestionLike, value: Any) -> Any:
        return as_date(value)

    def answer(self, state: Any) -> Any:
        return state.isoformat()

    def domain(self, question: QuestionLike, tested: set[Any]) -> list[Any]:
        """The regions of days, computed on day numbers (a day before, at, between, after)."""
        low, high = question.minimum, question.maximum
        days = regions(low.toordinal() if low else None, high.toordinal() if high else None,
                       {t.toordinal() for t in tested}, 1)
        return list(dict.fromkeys(dt.date.fromordinal(int(d)) for d in days))

    def text(self, question: QuestionLike, value: Any) -> str:
        day = as_date(value)
        return words(day) if day else str(value)

    def describe(self, question: QuestionLike, op: str, operand: Any) -> str:
        return f"is {op} {words(operand)}"

    def input_field(self, question: QuestionLike) -> Any:
        from wtforms import StringField

        return StringField(question.text, render_kw={"type": "date", "autocomplete": "off"})

    def read_text(self, question: QuestionLike, text: str) -> tuple[Any, str | None]:
        try:
            return self.normalise(question, text), None
        except AnswerError as error:
            if as_date(text) is None:
                return None, f'"{text}" is not a date. Enter it as YYYY-MM-DD, e.g. 2025-03-31.'
            return None, error.detail[0].upper() + error.detail[1:] + "."

    def parse_cell(self, question: QuestionLike, cell: str) -> Any:
        text = cell.strip()
        if not text or text.lower() == "unknown":
            return "unknown"
        return self.normalise(question, text)
