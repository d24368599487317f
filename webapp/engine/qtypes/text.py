"""``text``: free text, printed in the report; no rule can test it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.problems import AnswerError
from .base import QuestionLike, QuestionType, register
from .options import no_options

#: The longest text the wizard, the CLI and imports accept.
MAX_TEXT = 2000


@register
class TextType(QuestionType):
    id = "text"
    enumerable = False

    def parse(self, raw: dict, question: Any, report: Callable[[str, str], None]) -> None:
        no_options(raw, self.id, report)

    def normalise(self, question: QuestionLike, value: Any) -> Any:
        if not isinstance(value, str):
            raise AnswerError(question.id, f"expects text, not {value!r}")
        return value

    def form_fields(self, question: QuestionLike) -> dict[str, Any]:
        from wtforms import TextAreaField
        from wtforms.validators import Length

        return {question.id: TextAreaField(question.text, validators=[Length(max=MAX_TEXT)],
                                           render_kw={"rows": 2})}

    def read_form(self, question: QuestionLike, form: Any) -> tuple[Any, str | None]:
        text = (form[question.id].data or "").strip()
        return (text or None), None

    def parse_cell(self, question: QuestionLike, cell: str) -> Any:
        text = cell.strip()
        return text if text and text.lower() != "unknown" else "unknown"
