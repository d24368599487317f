"""Parts of pages rendered once per distinct input and served again: a wizard step's
questions and the rows of the assessments list.

A question's block (legend, help, registry notes, the controls with their values, the
evidence note) depends only on the rule set, the templates, the question's own form fields and
its error and registry notes: never on the assessment's number, the person or the session's
CSRF token. So the same block (an unanswered question, or one with a given answer) is the same
HTML on every assessment, and rendering it made up most of a step's time. Blocks are kept per
worker in a small LRU keyed by all of those inputs; a form re-shown after a post (its fields
hold what was typed) is always rendered afresh.

A list row is the same for everyone who may see it, except the CSRF token of its two small
forms: it is kept with a marker in the token's place (a marker no escaped text can contain)
and the session's token is put in when it is served.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from flask import current_app, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from ..engine.loading.model import Question
from ..extensions import get_build
from ..pagecache import LRU

#: question blocks and list rows by everything they show
FRAGMENTS = LRU(8192)
TEMPLATE = "questionnaire/_question.html"
ROW_TEMPLATE = "questionnaire/_list_row.html"
FILTERS_TEMPLATE = "questionnaire/_list_filters.html"
STEPPER_TEMPLATE = "questionnaire/_stepper.html"
PICKER_TEMPLATE = "questionnaire/_registry_picker.html"
#: stands for the CSRF token in a kept list row; escaped text never holds "<"
TOKEN_MARK = "<csrf-token>"
#: blocks whose inputs are longer than this (characters) are rendered each time
LONG_INPUT = 2000


class LazyForm:
    """The step's section form, built only when something on the page needs its fields: a
    question block not yet cached, or the error summary."""

    def __init__(self, make: Callable[[], Any] | None = None, form: Any = None):
        self._make, self._form = make, form

    @property
    def form(self) -> Any:
        if self._form is None:
            assert self._make is not None
            self._form = self._make()
        return self._form

    def __getitem__(self, name: str) -> Any:
        return self.form[name]


def question_renderer(form: LazyForm, data: dict[str, Any] | None, errors: dict[str, str],
                      prefilled: dict[str, Any], hints: dict[str, Any],
                      source_hints: dict[str, Any]) -> Callable[[Question], Markup]:
    """``question_block(question)`` for the step template. ``data`` is what the form was (or
    would be) filled with from the stored answers; None when it holds a post's input, which
    is rendered afresh."""
    template = current_app.jinja_env.get_template(TEMPLATE)
    shared = (get_build(), dt.date.today().isoformat())  # registry notes say "n years ago"
    by_question: dict[str, list[tuple[str, Any]]] = {}
    for name, value in (data or {}).items():  # the answer, its evidence note, "don't know"
        by_question.setdefault(name.split("__", 1)[0], []).append((name, _frozen(value)))

    def question_block(question: Question) -> Markup:
        def render() -> Markup:
            return Markup(template.render(question=question, form=form.form, errors=errors,
                                          prefilled=prefilled, hints=hints,
                                          source_hints=source_hints))

        values = tuple(by_question.get(question.id, ()))
        if data is None or sum(len(str(value)) for _, value in values) > LONG_INPUT:
            return render()  # a post's input shown back, or long notes: not kept
        key = (shared, question.id, errors.get(question.id), values,
               _frozen(prefilled.get(question.id)), _frozen(hints.get(question.id)),
               _frozen(source_hints.get(question.id)))
        return FRAGMENTS.get_or_make(key, render)

    return question_block


def row_renderer() -> Callable[[Any], Markup]:
    """``list_row(row)`` for the assessments list (``listing.Row``)."""
    template = current_app.jinja_env.get_template(ROW_TEMPLATE)
    csrf = current_app.config.get("WTF_CSRF_ENABLED", True)
    shared = (get_build(), request.script_root, csrf)
    token = generate_csrf() if csrf else ""

    def list_row(row: Any) -> Markup:
        a = row.assessment
        key = (shared, "row", a.id, a.title, a.assessor, a.summary, a.updated_at,
               a.archived_at, a.status, row.done, row.total, row.verdict, row.balance)
        block = FRAGMENTS.get_or_make(key, lambda: Markup(template.render(
            row=row, csrf=Markup(TOKEN_MARK) if csrf else "")))
        return Markup(block.replace(TOKEN_MARK, token)) if csrf else block

    return list_row


def filters_renderer(form: Any, filtered: bool) -> Callable[[], Markup]:
    """``list_filters()``: the list's filter form as the query string set it."""
    def list_filters() -> Markup:
        def render() -> Markup:
            template = current_app.jinja_env.get_template(FILTERS_TEMPLATE)
            return Markup(template.render(form=form, filtered=filtered))

        values = tuple(str(field.data) for field in form)
        if sum(len(value) for value in values) > LONG_INPUT:
            return render()
        return FRAGMENTS.get_or_make(
            (get_build(), request.script_root, "filters", values, filtered), render)

    return list_filters


def stepper_renderer(assessment_id: int, statuses: list[Any], position: int | None,
                     total: int) -> Callable[[], Markup]:
    """``stepper()``: the step's list of sections, by their states."""
    def stepper() -> Markup:
        states = tuple((st.section.id, st.state) for st in statuses)
        return FRAGMENTS.get_or_make(
            (get_build(), request.script_root, "stepper", assessment_id, states, position,
             total),
            lambda: _render(STEPPER_TEMPLATE, assessment={"id": assessment_id},
                            statuses=statuses, position=position, total=total))

    return stepper


def picker_renderer(picker: dict[str, Any] | None) -> Callable[[], Markup]:
    """``registry_picker()``: the partner page's registry picker, by the entry chosen and how
    many answers still hold as the registry gave them."""
    def registry_picker() -> Markup:
        if picker is None:
            return Markup()
        partner = picker["partner"]
        key = (get_build(), request.script_root, "picker", picker["chosen"],
               partner.id if partner else None, picker["marked"])
        return FRAGMENTS.get_or_make(key, lambda: _render(PICKER_TEMPLATE, picker=picker))

    return registry_picker


def _render(template: str, **context: Any) -> Markup:
    return Markup(current_app.jinja_env.get_template(template).render(**context))



def _frozen(value: Any) -> Any:
    """A hashable stand-in that tells apart every value a field or note can hold."""
    if value is None or isinstance(value, str | int | float | bool):
        return (type(value).__name__, value)
    return json.dumps(value, sort_keys=True, default=str)
