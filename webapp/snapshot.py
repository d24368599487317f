"""An assessment as pages show it, read in one plain query (no ORM objects for its answers):
what the report and the wizard's pages need, and the key of everything the report shows."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import abort
from sqlalchemy import bindparam, select

from .actionplan.models import STATUSES
from .extensions import db
from .models import MAX_ID, Answer, Assessment, SectionDone, team_or_404
from .sqlfunctions import actions_json, answers_json, joined_with_commas

ANSWER = Answer.__table__.c
ASSESSMENT = Assessment.__table__.c
DONE = SectionDone.__table__.c
#: the sections done of the assessment of the row, as "a,b,c" (section ids hold no comma)
SECTIONS_DONE = (select(joined_with_commas(DONE.section_id))
                 .where(DONE.assessment_id == ASSESSMENT.id).scalar_subquery())
#: the assessment, its sections done, its answers and its actions (each as one JSON text:
#: joined, every answer row would repeat and convert the assessment's columns)
_SNAPSHOT = (
    select(ASSESSMENT.id, ASSESSMENT.title, ASSESSMENT.assessor, ASSESSMENT.updated_at,
           ASSESSMENT.partner_id, ASSESSMENT.current_section, SECTIONS_DONE,
           ASSESSMENT.deleted_at, ASSESSMENT.team_id, ASSESSMENT.status,
           ASSESSMENT.author_id, ASSESSMENT.review_comment, ASSESSMENT.ruleset,
           answers_json(ASSESSMENT.id), actions_json(ASSESSMENT.id))
    .where(ASSESSMENT.id == bindparam("assessment_id")))


@dataclass
class ActionRow:
    """An adopted action as the report shows it (the columns of ``actionplan.models.Action``
    it reads)."""

    id: int
    key: str
    text: str
    owner: str
    due: date | None
    status: str
    reason: str

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


@dataclass
class Snapshot:
    """The stored assessment, read-only, with the attributes of ``models.Assessment`` that
    pages read."""

    id: int
    title: str
    assessor: str
    updated_at: datetime
    partner_id: str | None
    current_section: str | None
    #: (question id, value, evidence, registry mark, version) per stored row, in stored order
    rows: list[tuple[str, Any, str, Any, int]] = field(default_factory=list)
    sections_done: list[str] = field(default_factory=list)
    status: str = "draft"
    author_id: int | None = None
    review_comment: str = ""
    #: the rule set it was last answered under
    ruleset: str = ""
    #: its action plan, in the order adopted
    actions: list[ActionRow] = field(default_factory=list)

    @property
    def answers(self) -> dict[str, Any]:
        return {qid: value for qid, value, *_ in self.rows if value is not None}

    @property
    def evidence(self) -> dict[str, str]:
        return {qid: note for qid, _, note, _, _ in self.rows if note}

    @property
    def prefilled(self) -> dict[str, Any]:
        return {qid: mark for qid, value, _, mark, _ in self.rows
                if mark and value is not None}

    @property
    def versions(self) -> dict[str, int]:
        return {qid: version for qid, *_, version in self.rows}

    def content(self) -> list[Any]:
        """Everything stored that a page can show, for a cache key: a change to any answer,
        evidence note, registry mark, title, assessor or section done changes it."""
        return [self.id, self.title, self.assessor, self.updated_at.isoformat(),
                self.partner_id, self.current_section, self.rows, sorted(self.sections_done),
                self.status, self.author_id, self.review_comment,
                self.ruleset]


def load_snapshot(assessment_id: int) -> Snapshot:
    """The assessment with this number, or a 404 page (also for one in the trash, and for one
    of a team the signed-in person is not in: ``models.team_or_404``)."""
    if not 0 < assessment_id <= MAX_ID:
        abort(404)
    head = db.session.execute(_SNAPSHOT, {"assessment_id": assessment_id}).first()
    if head is None or head.deleted_at is not None:
        abort(404)
    team_or_404(head.team_id)
    rows = sorted(json.loads(head[13]), key=lambda row: row[5])  # in the order stored
    return Snapshot(*head[:6], rows=[(qid, value, note, mark, version)
                                     for qid, value, note, mark, version, _ in rows],
                    sections_done=split_done(head[6]), status=head.status,
                    author_id=head.author_id, review_comment=head.review_comment or "",
                    ruleset=head.ruleset or "", actions=_actions(head[14]))


def _actions(text: str | None) -> list[ActionRow]:
    actions = [ActionRow(id_, key, text, owner or "", date.fromisoformat(due) if due else None,
                         status, reason or "")
               for id_, key, text, owner, due, status, reason in json.loads(text or "[]")]
    return sorted(actions, key=lambda action: action.id)


def split_done(joined: str | None) -> list[str]:
    """The section ids of SECTIONS_DONE, sorted."""
    return sorted(joined.split(",")) if joined else []
