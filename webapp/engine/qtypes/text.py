"""``text``: free text, printed in the report; no rule can test it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.problems import AnswerError
from .base import QuestionLike, QuestionType, register
from .options import no_options

#: The longest text the wizard, the CLI and imports accept.
MAX_TEXT = 2000

#: Control characters no text may hold (a database refuses NUL); tab and line breaks are fine.
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"} | {"\x7f"}


def text_problem(text: str, limit: int = MAX_TEXT) -> str | None:
    """Why a piece of text cannot be stored, or None: too long, or a control character."""
    if len(text) > limit:
        return f"is {len(text):,} characters long; the limit is {limit:,}"
    bad = next((ch for ch in text if ch in _CONTROL), None)
    if bad is not None:
        return f"contains the control character U+{ord(bad):04X}, which cannot be stored"
    return None


@register
class TextType(QuestionType):
    id = "text"
    enumerable = False

    def parse(self, raw: dict, question: Any, report: Callable[[str, str], None]) -> None:
        no_options(raw, self.id, report)

    def normalise(self, question: QuestionLike, value: Any) -> Any:
        if not isinstance(value, str):
            raise AnswerError(question.id, f"expects text, not {type(value).__name__}")
        problem = text_problem(value)
        if problem:
            raise AnswerError(question.id, f"the text {problem}")
        return value

    def form_fields(self, question: QuestionLike) -> dict[str, Any]:
        from wtforms import TextAreaField
        from wtforms.validators import ValidationError

        def storable(form: Any, field: Any) -> None:
            problem = text_problem(field.data or "")
            if problem:
                raise ValidationError(f"This text {problem}.")

        return {question.id: TextAreaField(question.text, validators=[storable],
                                           render_kw={"rows": 2})}

    def read_form(self, question: QuestionLike, form: Any) -> tuple[Any, str | None]:
        text = (form[question.id].data or "").strip()
        return (text or None), None

    def parse_cell(self, question: QuestionLike, cell: str) -> Any:
        text = cell.strip()
        return text if text and text.lower() != "unknown" else "unknown"
