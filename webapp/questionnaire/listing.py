"""The assessments list: what each row shows (progress, verdict or draft, balance, last
change), filtered by text and verdict, archived or not, and sorted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy import or_, select
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import Optional

from ..engine import RuleBase, assess, clean_answers
from ..engine.core.verdicts import LABELS
from ..extensions import db
from ..models import Assessment
from .steps import steps

SORTS = {"updated": "Last change", "title": "Title", "verdict": "Verdict", "balance": "Balance"}
VERDICT_ORDER = ["proceed", "proceed_with_conditions", "escalate", "do_not_proceed"]


class ListForm(FlaskForm):
    """The list's filters, read from the query string so a filtered list can be linked."""

    class Meta:
        csrf = False

    q = StringField("Search", validators=[Optional()])
    verdict = SelectField("Verdict", choices=[SelectChoice("", "Any verdict"),
                                              SelectChoice("draft", "Draft")]
                          + [SelectChoice(v, LABELS[v]) for v in VERDICT_ORDER],
                          validate_choice=False)
    show = SelectField("Show", choices=[SelectChoice("active", "Current"),
                                        SelectChoice("archived", "Archived")],
                       validate_choice=False)
    sort = SelectField("Sort by", choices=[SelectChoice(k, v) for k, v in SORTS.items()],
                       validate_choice=False)


@dataclass
class Row:
    assessment: Assessment
    done: int
    total: int
    verdict: str | None  # None: a draft
    balance: float | None


def list_rows(rulebase: RuleBase, form: ListForm) -> list[Row]:
    query = select(Assessment).where(Assessment.deleted_at.is_(None))
    if form.show.data == "archived":
        query = query.where(Assessment.archived_at.is_not(None))
    else:
        query = query.where(Assessment.archived_at.is_(None))
    text = (form.q.data or "").strip()[:200]
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = "%" + escaped + "%"
        query = query.where(or_(*(column.ilike(pattern, escape="\\") for column in (
            Assessment.title, Assessment.assessor, Assessment.summary))))
    rows = [_row(rulebase, a) for a in db.session.scalars(
        query.order_by(Assessment.updated_at.desc()))]
    wanted = form.verdict.data or ""
    if wanted == "draft":
        rows = [r for r in rows if r.verdict is None]
    elif wanted:
        rows = [r for r in rows if r.verdict == wanted]
    return sorted(rows, key=_sort_key(form.sort.data)) if form.sort.data in (
        "title", "verdict", "balance") else rows


def _row(rulebase: RuleBase, assessment: Assessment) -> Row:
    answers = clean_answers(assessment.answers, rulebase.bank)
    sections = steps(rulebase, answers)
    done = sum(1 for s in sections if s.id in assessment.sections_done)
    verdict, balance, complete = assessment.verdict, assessment.balance, assessment.complete
    if assessment.scored_with != rulebase.fingerprint or verdict is None:
        result = assess(rulebase, answers, analyse=False)  # scored under other rules: again
        verdict, balance, complete = result.verdict.id, result.balance, result.complete
    return Row(assessment, done, len(sections), verdict if complete else None, balance)


def _sort_key(sort: str) -> Any:
    if sort == "title":
        return lambda r: r.assessment.title.casefold()
    if sort == "verdict":  # drafts last
        return lambda r: (r.verdict is None, VERDICT_ORDER.index(r.verdict) if r.verdict else 0)
    return lambda r: (r.balance is None, r.balance or 0.0)
