"""``choice``: one option of a list; ``yesno``: the options yes and no."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..core.problems import AnswerError, did_you_mean
from ..core.values import UNKNOWN
from .base import Option, QuestionLike, QuestionType, check_option, option_labels, register
from .options import option_list, parse_options


@register
class ChoiceType(QuestionType):
    id = "choice"
    operators = ("is", "in")
    fields = ("options",)

    def parse(self, raw: dict, question: Any, report: Callable[[str, str], None]) -> None:
        question.options = parse_options(raw, report)

    def parse_operand(self, question: QuestionLike, op: str, raw: Any,
                      report: Callable[[str], None]) -> Any:
        check = lambda value: check_option(question, value, report)  # noqa: E731
        if op == "in":
            return option_list(question, raw, op, report, check)
        return raw if check(raw) else None

    def tester(self, op: str, operand: Any) -> Callable[[Any], bool]:
        if op == "is":
            return lambda v: v == operand
        return lambda v: v in operand

    def normalise(self, question: QuestionLike, value: Any) -> Any:
        options = question.option_ids
        if not isinstance(value, str) or value not in options:
            raise AnswerError(question.id, f"{value!r} is not one of {', '.join(options)} or "
                                           f'"unknown"' + did_you_mean(value, options))
        return value

    def domain(self, question: QuestionLike, tested: set[Any]) -> list[Any]:
        return list(question.option_ids)

    def text(self, question: QuestionLike, value: Any) -> str:
        return question.option_label(value)

    def describe(self, question: QuestionLike, op: str, operand: Any) -> str:
        return f"{'is' if op == 'is' else 'is one of'} {option_labels(question, operand)}"

    def form_fields(self, question: QuestionLike) -> dict[str, Any]:
        from wtforms import RadioField, SelectChoice
        from wtforms.validators import Optional

        choices = [SelectChoice(o.id, o.label) for o in question.options]
        if question.unknown:
            choices.append(SelectChoice(UNKNOWN, "Don't know"))
        return {question.id: RadioField(question.text, choices=choices, validate_choice=False,
                                        validators=[Optional()])}

    def read_form(self, question: QuestionLike, form: Any) -> tuple[Any, str | None]:
        value = form[question.id].data
        if value in (None, "", "None"):
            return None, None
        allowed = [*question.option_ids, *([UNKNOWN] if question.unknown else [])]
        if value not in allowed:
            return None, "Choose one of the options."
        return value, None


YESNO_OPTIONS = (Option("yes", "Yes"), Option("no", "No"))


@register
class YesNoType(ChoiceType):
    id = "yesno"
    fields = ()

    def parse(self, raw: dict, question: Any, report: Callable[[str, str], None]) -> None:
        if "options" in raw:
            report("options", "a yesno question has the options yes and no; leave options out")
        question.options = YESNO_OPTIONS

    def parse_cell(self, question: QuestionLike, cell: str) -> Any:
        text = cell.strip().lower()
        return super().parse_cell(question, {"y": "yes", "n": "no"}.get(text, text))
