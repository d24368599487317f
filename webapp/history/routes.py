"""History view: read-only (the trail is append-only; nothing here writes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import abort, render_template, request

from ..audit import KINDS, count, events
from ..engine import RuleBase
from ..engine.core.problems import AnswerError
from ..engine.describe import answer_text
from ..engine.loading.answers import normalise_value
from ..extensions import get_rulebase
from ..models import get_assessment_or_404
from . import bp

PER_PAGE = 50
FIELD_NAMES = {"title": "title", "assessor": "assessor", "summary": "summary"}


@dataclass
class Line:
    """One event as the page shows it."""

    at: datetime
    who: str
    what: str
    question: str | None
    old: str | None
    new: str | None
    detail: str


@bp.route("/assessments/<int:assessment_id>/history")
def history(assessment_id: int):
    assessment = get_assessment_or_404(assessment_id)
    page = request.args.get("page", "1")
    if not page.isdigit() or not 0 < int(page) <= 10**6:
        abort(404)
    page_number = int(page)
    total = count(assessment.id)
    pages = max(1, -(-total // PER_PAGE))
    if page_number > pages:
        abort(404)
    rulebase = get_rulebase()
    lines = [_line(rulebase, e) for e in events(assessment.id, (page_number - 1) * PER_PAGE,
                                                 PER_PAGE)]
    return render_template("history/history.html", assessment=assessment, lines=lines,
                           page=page_number, pages=pages, total=total)


def _line(rulebase: RuleBase, event: Any) -> Line:
    question = rulebase.bank.questions.get(event.question_id or "")
    old, new = event.old_value, event.new_value
    if event.kind == "answer":
        old, new = _answer(question, old), _answer(question, new)
    elif event.kind == "renamed":
        old, new = _fields(old), _fields(new)
    elif event.kind == "evidence":
        old, new = old or "(no note)", new or "(no note)"
    else:
        old = None if old is None else str(old)
        new = None if new is None else str(new)
    text = question.text if question else event.question_id
    return Line(event.at, event.actor, KINDS.get(event.kind, event.kind), text, old, new,
                event.detail)


def _answer(question: Any, value: Any) -> str:
    """A stored answer in words: option labels, not ids (raw if the question has gone)."""
    if value is None:
        return "not answered"
    if question is None:
        return str(value)
    try:
        return answer_text(question, normalise_value(question, value))
    except (AnswerError, ValueError, TypeError):
        return str(value)


def _fields(values: Any) -> str | None:
    if not isinstance(values, dict):
        return None if values is None else str(values)
    return "; ".join(f"{FIELD_NAMES.get(k, k)}: “{v}”" if v else f"{FIELD_NAMES.get(k, k)}: "
                     "(none)" for k, v in values.items())
