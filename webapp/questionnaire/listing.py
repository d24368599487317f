"""The assessments list: what each row shows (progress, verdict or draft, balance, last
change), filtered by text and verdict, archived or not, and sorted; read in one query."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy import Select, Text, bindparam, cast, false, or_, select
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import Optional

from ..engine import RuleBase, assess, clean_answers
from ..engine.core.verdicts import LABELS
from ..extensions import db
from ..models import Answer
from ..pagecache import LRU
from ..snapshot import (
    ANSWER,
    ASSESSMENT,
    SECTIONS_DONE,
    load_snapshot,
    split_done,
)
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
class Listed:
    """What the list shows of an assessment (read as plain columns, not ORM objects)."""

    id: int
    title: str
    assessor: str
    summary: str
    updated_at: datetime
    archived_at: datetime | None
    status: str = "draft"


@dataclass
class Row:
    assessment: Listed
    done: int
    total: int
    verdict: str | None  # None: a draft
    balance: float | None


def list_rows(rulebase: RuleBase, form: ListForm, team: int | None = None) -> list[Row]:
    """The assessments of ``team`` (None: of every team) the filters let through, in one
    query that reads, of the answers, only those that decide which sections apply."""
    text = (form.q.data or "").strip()[:200]
    query = _query(frozenset(rulebase.controllers), form.show.data == "archived", bool(text),
                   team is not None)
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    params: dict[str, Any] = {"pattern": "%" + escaped + "%"} if text else {}
    if team is not None:
        params["team"] = team
    found: dict[int, tuple[Any, dict[str, Any]]] = {}
    for record in db.session.execute(query, params):
        head, answers = found.setdefault(record.id, (record, {}))
        if record.question_id is not None and record.value is not None:
            value = decode_value(record.value)
            if value is not None:
                answers[record.question_id] = value
    rows = [_row(rulebase, head, answers) for head, answers in found.values()]
    wanted = form.verdict.data or ""
    if wanted == "draft":
        rows = [r for r in rows if r.verdict is None]
    elif wanted:
        rows = [r for r in rows if r.verdict == wanted]
    return sorted(rows, key=_sort_key(form.sort.data)) if form.sort.data in (
        "title", "verdict", "balance") else rows


#: the list's queries, by the questions that decide applicability and the filters in use
_QUERIES = LRU(32)


def _query(deciding: frozenset[str], archived: bool, searched: bool,
           one_team: bool = False) -> Select:
    """Assessments (not deleted; archived or current; matching the text ``pattern``), latest
    change first, each with its sections done and its answers to the deciding questions (one
    row per such answer, or one without)."""
    key = (deciding, archived, searched, one_team)
    query = _QUERIES.get(key)
    if query is not None:
        return query
    wanted_answer = or_(*[ANSWER.question_id == qid for qid in sorted(deciding)]) \
        if deciding else false()
    query = (select(ASSESSMENT.id, ASSESSMENT.title, ASSESSMENT.assessor, ASSESSMENT.summary,
                    ASSESSMENT.updated_at, ASSESSMENT.archived_at, ASSESSMENT.verdict,
                    ASSESSMENT.balance, ASSESSMENT.complete, ASSESSMENT.scored_with,
                    ASSESSMENT.status,
                    SECTIONS_DONE.label("done"), ANSWER.question_id,
                    cast(ANSWER.value, Text).label("value"))
             .outerjoin(Answer.__table__, (ANSWER.assessment_id == ASSESSMENT.id)
                        & wanted_answer)
             .where(ASSESSMENT.deleted_at.is_(None))
             .where(ASSESSMENT.archived_at.is_not(None) if archived
                    else ASSESSMENT.archived_at.is_(None)))
    if one_team:
        query = query.where(ASSESSMENT.team_id == bindparam("team"))
    if searched:
        pattern = bindparam("pattern")
        query = query.where(or_(*(column.ilike(pattern, escape="\\") for column in (
            ASSESSMENT.title, ASSESSMENT.assessor, ASSESSMENT.summary))))
    query = query.order_by(ASSESSMENT.updated_at.desc(), ASSESSMENT.id.desc())
    _QUERIES.set(key, query)
    return query


#: answer values by their stored JSON text: a few hundred distinct texts (option ids, yes, no,
#: numbers) make up nearly every answer; only values that cannot be changed in place are kept
_VALUES: dict[str, Any] = {}
_VALUES_MAX = 20_000


def decode_value(text: str | None) -> Any:
    """A stored answer value from its JSON text (the list reads the deciding answers of every
    assessment as text: the same few texts, each decoded once)."""
    if text is None:
        return None
    try:
        return _VALUES[text]
    except KeyError:
        pass
    value = json.loads(text)
    if isinstance(value, list):
        return value  # a multi answer: a list the caller may change, never shared
    if len(_VALUES) >= _VALUES_MAX:
        _VALUES.clear()
    _VALUES[text] = value
    return value


#: rows already worked out, by the assessment's listed columns and deciding answers
_ROWS = LRU(2048)


def _row(rulebase: RuleBase, head: Any, deciding: dict[str, Any]) -> Row:
    """A list row; kept while its columns and deciding answers stay the same (a row whose
    stored score is missing or from other rules is scored afresh each time)."""
    if head.scored_with != rulebase.fingerprint or head.verdict is None:
        return _work_out_row(rulebase, head, deciding)
    key = (rulebase.fingerprint, tuple(head[:12]), json.dumps(deciding, sort_keys=True))
    return _ROWS.get_or_make(key, lambda: _work_out_row(rulebase, head, deciding))


def _work_out_row(rulebase: RuleBase, head: Any, deciding: dict[str, Any]) -> Row:
    sections = steps(rulebase, clean_answers(deciding, rulebase.bank))
    finished = set(split_done(head.done))
    done = sum(1 for s in sections if s.id in finished)
    verdict, balance, complete = head.verdict, head.balance, head.complete
    if head.scored_with != rulebase.fingerprint or verdict is None:
        answers = clean_answers(load_snapshot(head.id).answers, rulebase.bank)
        result = assess(rulebase, answers, analyse=False)  # scored under other rules: again
        verdict, balance, complete = result.verdict.id, result.balance, result.complete
    listed = Listed(head.id, head.title, head.assessor, head.summary, head.updated_at,
                    head.archived_at, head.status)
    return Row(listed, done, len(sections), verdict if complete else None, balance)


def _sort_key(sort: str) -> Any:
    if sort == "title":
        return lambda r: r.assessment.title.casefold()
    if sort == "verdict":  # drafts last
        return lambda r: (r.verdict is None, VERDICT_ORDER.index(r.verdict) if r.verdict else 0)
    return lambda r: (r.balance is None, r.balance or 0.0)
