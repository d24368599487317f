"""What number and date questions share: comparisons with thresholds, one representative per
region the thresholds cut out, and a "don't know" box beside the input."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..core.values import UNKNOWN
from .base import QuestionLike, QuestionType

UNKNOWN_SUFFIX = "__unknown"


def regions(low: float | None, high: float | None, thresholds: Iterable[float],
            step: float) -> list[float]:
    """One representative per region: below, at and between and above each threshold."""
    cuts = sorted(t for t in set(thresholds)
                  if (low is None or t >= low) and (high is None or t <= high))
    if not cuts:
        return [low if low is not None else 0.0]
    values = []
    if low is None or low < cuts[0]:
        values.append(max(low, cuts[0] - step) if low is not None else cuts[0] - step)
    for i, cut in enumerate(cuts):
        values.append(cut)
        if i + 1 < len(cuts):
            values.append((cut + cuts[i + 1]) / 2)
    if high is None or high > cuts[-1]:
        values.append(min(high, cuts[-1] + step) if high is not None else cuts[-1] + step)
    return values


class OrderedType(QuestionType):
    """A type whose answers are ordered and compared with thresholds."""

    def alternatives(self, question: QuestionLike, current: Any, domain: list[Any],
                     tests: Iterable[Callable[[Any], bool]]) -> list[Any]:
        """One value per combination of the rules' tests that differs from the current one."""
        tests = list(tests)

        def signature(value: Any) -> tuple[bool, ...]:
            return tuple(test(value) for test in tests)

        seen = {signature(current)} if current is not None else set()
        found = []
        for value in domain:
            key = signature(value)
            if key not in seen:
                seen.add(key)
                found.append(value)
        return found

    def input_field(self, question: QuestionLike) -> Any:
        raise NotImplementedError

    def form_fields(self, question: QuestionLike) -> dict[str, Any]:
        from wtforms import BooleanField

        fields = {question.id: self.input_field(question)}
        if question.unknown:
            fields[question.id + UNKNOWN_SUFFIX] = BooleanField("Don't know")
        return fields

    def read_text(self, question: QuestionLike, text: str) -> tuple[Any, str | None]:
        """A typed-in value in stored form, or (None, message)."""
        raise NotImplementedError

    def read_form(self, question: QuestionLike, form: Any) -> tuple[Any, str | None]:
        unknown_box = form._fields.get(question.id + UNKNOWN_SUFFIX)
        text = (form[question.id].data or "").strip()
        if unknown_box is not None and unknown_box.data:
            if text:
                return None, f'Enter {self.a_value} or tick "Don\'t know", not both.'
            return UNKNOWN, None
        if not text:
            return None, None
        return self.read_text(question, text)

    a_value = "a value"

    def shown(self, answer: Any) -> str:
        """A stored answer as the input box shows it."""
        return str(answer)

    def form_data(self, question: QuestionLike, answer: Any) -> dict[str, Any]:
        return {question.id: "" if answer in (None, UNKNOWN) else self.shown(answer),
                question.id + UNKNOWN_SUFFIX: answer == UNKNOWN}

    def post_data(self, question: QuestionLike, answer: Any) -> dict[str, Any]:
        if answer == UNKNOWN:
            return {question.id + UNKNOWN_SUFFIX: "y"}
        return {question.id: self.shown(answer)}
