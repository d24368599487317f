"""``number``: a number, optionally within min and max, with a unit."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..core.problems import AnswerError
from .base import QuestionLike, register
from .options import no_options
from .ordered import OrderedType, regions

WORDS = {"gt": "more than", "gte": "at least", "lt": "less than", "lte": "at most"}
TESTS: dict[str, Callable[[float, float], bool]] = {
    "gt": lambda v, t: v > t, "gte": lambda v, t: v >= t,
    "lt": lambda v, t: v < t, "lte": lambda v, t: v <= t,
}


def is_number(value: Any) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float)


def _finite(value: int | float) -> bool:
    """False for NaN, infinities and integers too large for a float (a 400-digit number)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


@register
class NumberType(OrderedType):
    id = "number"
    operators = ("gt", "gte", "lt", "lte")
    fields = ("min", "max", "unit")
    a_value = "a number"

    def parse(self, raw: dict, question: Any, report: Callable[[str, str], None]) -> None:
        no_options(raw, self.id, report)
        bounds: list[float | None] = []
        for key in ("min", "max"):
            value = raw.get(key)
            if value is not None and not is_number(value):
                report(key, f"{key} must be a number")
                value = None
            bounds.append(None if value is None else float(value))
        question.minimum, question.maximum = bounds
        if None not in bounds and bounds[0] >= bounds[1]:  # type: ignore[operator]
            report("max", "max must be greater than min")
        question.unit = str(raw.get("unit", "") or "")

    def parse_operand(self, question: QuestionLike, op: str, raw: Any,
                      report: Callable[[str], None]) -> Any:
        if not is_number(raw):
            report(f'"{question.id}" is a number question; {op} needs a number, not {raw!r}')
            return None
        return float(raw)

    def tester(self, op: str, operand: Any) -> Callable[[Any], bool]:
        test = TESTS[op]
        return lambda v: test(v, operand)

    def normalise(self, question: QuestionLike, value: Any) -> Any:
        if not is_number(value) or not _finite(value):
            raise AnswerError(question.id, f"expects a number, not {_short(value)}")
        if question.minimum is not None and value < question.minimum:
            raise AnswerError(question.id, f"{value} is below the minimum {question.minimum:g}")
        if question.maximum is not None and value > question.maximum:
            raise AnswerError(question.id, f"{value} is above the maximum {question.maximum:g}")
        return value

    def state(self, question: QuestionLike, value: Any) -> Any:
        return float(value)

    def domain(self, question: QuestionLike, tested: set[Any]) -> list[Any]:
        return regions(question.minimum, question.maximum, tested, 1)

    def text(self, question: QuestionLike, value: Any) -> str:
        unit = question.unit
        return f"{value:g}{unit}" if unit == "%" else f"{value:g} {unit}".strip()

    def describe(self, question: QuestionLike, op: str, operand: Any) -> str:
        unit = question.unit
        unit = f" {unit}" if unit and unit != "%" else unit
        return f"is {WORDS[op]} {operand:g}{unit}"

    def input_field(self, question: QuestionLike) -> Any:
        from wtforms import StringField

        return StringField(question.text,
                           render_kw={"inputmode": "decimal", "autocomplete": "off"})

    def read_text(self, question: QuestionLike, text: str) -> tuple[Any, str | None]:
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return None, f'"{text}" is not a number. Enter digits only, for example 40.'
        if not math.isfinite(number):
            return None, "Enter a finite number."
        if question.minimum is not None and number < question.minimum:
            return None, f"Enter {question.minimum:g} or more."
        if question.maximum is not None and number > question.maximum:
            return None, f"Enter {question.maximum:g} or less."
        return (int(number) if number.is_integer() else number), None

    def shown(self, answer: Any) -> str:
        return f"{answer:g}"

    def parse_cell(self, question: QuestionLike, cell: str) -> Any:
        text = cell.strip()
        if not text or text.lower() == "unknown":
            return "unknown"
        value, error = self.read_text(question, text)
        if error:
            raise AnswerError(question.id, error)
        return value
