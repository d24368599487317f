"""``multi``: any number of options of a list ("tick all that apply"); ``[]`` is none."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import combinations
from typing import Any

from ..core.problems import AnswerError, did_you_mean
from ..core.values import UNKNOWN
from .base import QuestionLike, QuestionType, check_option, option_labels, register
from .options import option_list, parse_options

#: The form's explicit "None of these" box (stored as []).
NONE_OF_THESE = "__none__"
WORDS = {"has": "includes", "has_any": "includes any of", "has_all": "includes all of"}


@register
class MultiType(QuestionType):
    id = "multi"
    operators = ("has", "has_any", "has_all")
    fields = ("options",)
    #: the boxes that exclude every other box (the template marks them data-exclusive)
    exclusive = (NONE_OF_THESE, UNKNOWN)

    def parse(self, raw: dict, question: Any, report: Callable[[str, str], None]) -> None:
        question.options = parse_options(raw, report)

    def parse_operand(self, question: QuestionLike, op: str, raw: Any,
                      report: Callable[[str], None]) -> Any:
        check = lambda value: check_option(question, value, report)  # noqa: E731
        if op == "has":
            return raw if check(raw) else None
        return option_list(question, raw, op, report, check)

    def tester(self, op: str, operand: Any) -> Callable[[Any], bool]:
        if op == "has":
            return lambda v: operand in v
        if op == "has_any":
            return lambda v: not operand.isdisjoint(v)
        return lambda v: operand <= v

    def normalise(self, question: QuestionLike, value: Any) -> Any:
        if not isinstance(value, list | tuple):
            raise AnswerError(question.id, f"expects a list of option ids (or [] for none), "
                                           f"not {value!r}")
        options = question.option_ids
        for item in value:
            if not isinstance(item, str) or item not in options:
                raise AnswerError(question.id, f"{item!r} is not one of {', '.join(options)}"
                                  + did_you_mean(item, options))
        return sorted(set(value), key=options.index)

    def state(self, question: QuestionLike, value: Any) -> Any:
        return frozenset(value)

    def answer(self, state: Any) -> Any:
        # Alternatives (below) are already answers, in option order; domain values are sets.
        return sorted(state) if isinstance(state, frozenset) else state

    def domain(self, question: QuestionLike, tested: set[Any]) -> list[Any]:
        """Every subset of the tested options, in question order (the empty set first)."""
        ordered = [o for o in question.option_ids if o in tested]
        return [frozenset(combo) for size in range(len(ordered) + 1)
                for combo in combinations(ordered, size)]

    def alternatives(self, question: QuestionLike, current: Any, domain: list[Any],
                     tests: Iterable[Callable[[Any], bool]]) -> list[Any]:
        """Add or remove one tested option at a time, as a user would."""
        order = question.option_ids.index
        tested = sorted({o for value in domain for o in value}, key=order)
        base = set(current or ())
        return [sorted(base ^ {o}, key=order) for o in tested]

    def text(self, question: QuestionLike, value: Any) -> str:
        items = list(value)
        return "none of these" if not items else "; ".join(question.option_label(v)
                                                          for v in items)

    def describe(self, question: QuestionLike, op: str, operand: Any) -> str:
        return f"{WORDS[op]} {option_labels(question, operand)}"

    def form_fields(self, question: QuestionLike) -> dict[str, Any]:
        from wtforms import SelectChoice, SelectMultipleField, widgets

        class MultiCheckboxField(SelectMultipleField):
            widget = widgets.ListWidget(prefix_label=False)
            option_widget = widgets.CheckboxInput()

        choices = [SelectChoice(o.id, o.label) for o in question.options]
        choices.append(SelectChoice(NONE_OF_THESE, "None of these"))
        if question.unknown:
            choices.append(SelectChoice(UNKNOWN, "Don't know"))
        return {question.id: MultiCheckboxField(question.text, choices=choices,
                                                validate_choice=False)}

    def read_form(self, question: QuestionLike, form: Any) -> tuple[Any, str | None]:
        values = [v for v in (form[question.id].data or []) if v]
        if not values:
            return None, None
        if UNKNOWN in values or NONE_OF_THESE in values:
            if len(values) > 1:
                return None, ('"None of these" and "Don\'t know" cannot be ticked together '
                              "with an option.")
            if values[0] == UNKNOWN and not question.unknown:
                return None, 'Tick the options that apply, or "None of these".'
            return (UNKNOWN if values[0] == UNKNOWN else []), None
        if any(v not in question.option_ids for v in values):
            return None, "Tick only the options listed."
        return values, None

    def missing_message(self, question: QuestionLike) -> str:
        return ("Tick the options that apply, “None of these”, or “Don't know”." if
                question.unknown else "Tick the options that apply, or “None of these”.")

    def form_data(self, question: QuestionLike, answer: Any) -> dict[str, Any]:
        if answer == UNKNOWN:
            return {question.id: [UNKNOWN]}
        return {question.id: [NONE_OF_THESE] if answer == [] else list(answer or [])}

    def post_data(self, question: QuestionLike, answer: Any) -> dict[str, Any]:
        return {question.id: UNKNOWN if answer == UNKNOWN else
                [NONE_OF_THESE] if answer == [] else list(answer)}

    def parse_cell(self, question: QuestionLike, cell: str) -> Any:
        """Option ids separated by |; "none" for none of them."""
        text = cell.strip()
        if text.lower() == "none":
            return []
        if not text or text.lower() == UNKNOWN:
            return UNKNOWN
        return self.normalise(question, [part.strip() for part in text.split("|")])
