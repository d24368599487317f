"""Forms built from the question bank: one form class per section, made when needed."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length, Optional

from ..engine.model import Question, Section
from ..engine.values import UNKNOWN

NONE_OF_THESE = "__none__"
DONT_KNOW = SelectChoice("unknown", "Don't know")
EVIDENCE_SUFFIX = "__evidence"
UNKNOWN_SUFFIX = "__unknown"


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a multi question; choice checking is done by SectionForm."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class NewAssessmentForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(message="Give the assessment a title."),
                                             Length(max=200)])
    assessor = StringField("Assessor (printed in the report)", validators=[Optional(),
                                                                           Length(max=120)])


class SectionForm(FlaskForm):
    """Base class of the generated section forms."""

    section: Section

    def question_fields(self, question: Question) -> dict[str, Field | None]:
        return {
            "answer": self[question.id],
            "unknown": self._fields.get(question.id + UNKNOWN_SUFFIX),
            "evidence": self[question.id + EVIDENCE_SUFFIX],
        }

    def read_answer(self, question: Question) -> tuple[Any, str | None]:
        """The submitted answer as the engine expects it, or (None, error message).

        Returns (None, None) when nothing was given.
        """
        field = self[question.id]
        if question.type in ("choice", "yesno"):
            value = field.data
            if value in (None, "", "None"):
                return None, None
            allowed = [*question.option_ids, *([UNKNOWN] if question.unknown else [])]
            if value not in allowed:
                return None, "Choose one of the options."
            return value, None
        if question.type == "multi":
            values = [v for v in (field.data or []) if v]
            if not values:
                return None, None
            if UNKNOWN in values or NONE_OF_THESE in values:
                if len(values) > 1:
                    return None, ('"None of these" and "Don\'t know" cannot be ticked '
                                  "together with an option.")
                if values[0] == UNKNOWN and not question.unknown:
                    return None, "Tick the options that apply, or \"None of these\"."
                return (UNKNOWN if values[0] == UNKNOWN else []), None
            bad = [v for v in values if v not in question.option_ids]
            if bad:
                return None, "Tick only the options listed."
            return values, None
        if question.type == "number":
            unknown_box = self._fields.get(question.id + UNKNOWN_SUFFIX)
            text = (field.data or "").strip()
            if unknown_box is not None and unknown_box.data:
                if text:
                    return None, 'Enter a number or tick "Don\'t know", not both.'
                return UNKNOWN, None
            if not text:
                return None, None
            try:
                number = float(text.replace(",", "."))
            except ValueError:
                return None, f'"{text}" is not a number. Enter digits only, for example 40.'
            if number != number or number in (float("inf"), float("-inf")):
                return None, "Enter a finite number."
            if question.minimum is not None and number < question.minimum:
                return None, f"Enter {question.minimum:g} or more."
            if question.maximum is not None and number > question.maximum:
                return None, f"Enter {question.maximum:g} or less."
            return (int(number) if number.is_integer() else number), None
        text = (field.data or "").strip()
        return (text or None), None


def _answer_field(question: Question) -> Field:
    label = question.text
    if question.type in ("choice", "yesno"):
        choices = [SelectChoice(o.id, o.label) for o in question.options]
        if question.unknown:
            choices.append(DONT_KNOW)
        return RadioField(label, choices=choices, validate_choice=False,
                          validators=[Optional()])
    if question.type == "multi":
        choices = [SelectChoice(o.id, o.label) for o in question.options]
        choices.append(SelectChoice(NONE_OF_THESE, "None of these"))
        if question.unknown:
            choices.append(DONT_KNOW)
        return MultiCheckboxField(label, choices=choices, validate_choice=False)
    if question.type == "number":
        return StringField(label, render_kw={"inputmode": "decimal", "autocomplete": "off"})
    return TextAreaField(label, validators=[Length(max=2000)], render_kw={"rows": 2})


def section_form_class(section: Section) -> type[SectionForm]:
    """A form class with an answer field (and an evidence note) for every question."""
    fields: dict[str, Any] = {"section": section}
    for question in section.questions:
        fields[question.id] = _answer_field(question)
        if question.type == "number" and question.unknown:
            fields[question.id + UNKNOWN_SUFFIX] = BooleanField("Don't know")
        fields[question.id + EVIDENCE_SUFFIX] = StringField(
            "Evidence (optional)", validators=[Length(max=2000)],
            render_kw={"placeholder": "A note, a reference or a link"})
    return type(f"{section.id.title()}Form", (SectionForm,), fields)


def form_data_for(section: Section, answers: dict[str, Any],
                  evidence: dict[str, str]) -> dict[str, Any]:
    """Stored answers in the shape the section form displays."""
    data: dict[str, Any] = {}
    for question in section.questions:
        value = answers.get(question.id)
        if question.type == "multi":
            if value == UNKNOWN:
                data[question.id] = [UNKNOWN]
            elif value == []:
                data[question.id] = [NONE_OF_THESE]
            else:
                data[question.id] = list(value or [])
        elif question.type == "number":
            data[question.id] = "" if value in (None, UNKNOWN) else f"{value:g}"
            data[question.id + UNKNOWN_SUFFIX] = value == UNKNOWN
        else:
            data[question.id] = value
        data[question.id + EVIDENCE_SUFFIX] = evidence.get(question.id, "")
    return data
