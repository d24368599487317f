"""An assessment as pages show it, read in three plain queries (no ORM objects for its
answers): what the report, the wizard's pages and the list need, and the key of everything
the report shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import abort
from sqlalchemy import select

from .extensions import db
from .models import MAX_ID, Answer, Assessment, SectionDone

ANSWER = Answer.__table__.c
ASSESSMENT = Assessment.__table__.c
DONE = SectionDone.__table__.c


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
                self.partner_id, self.current_section, self.rows, sorted(self.sections_done)]


def load_snapshot(assessment_id: int) -> Snapshot:
    """The assessment with this number, or a 404 page."""
    if not 0 < assessment_id <= MAX_ID:
        abort(404)
    session = db.session
    head = session.execute(
        select(ASSESSMENT.id, ASSESSMENT.title, ASSESSMENT.assessor, ASSESSMENT.updated_at,
               ASSESSMENT.partner_id, ASSESSMENT.current_section)
        .where(ASSESSMENT.id == assessment_id)).first()
    if head is None:
        abort(404)
    rows = session.execute(
        select(ANSWER.question_id, ANSWER.value, ANSWER.evidence, ANSWER.registry,
               ANSWER.version)
        .where(ANSWER.assessment_id == assessment_id).order_by(ANSWER.id)).all()
    done = session.scalars(select(DONE.section_id).where(DONE.assessment_id == assessment_id)
                           .order_by(DONE.id)).all()
    return Snapshot(*head, rows=[tuple(row) for row in rows], sections_done=list(done))
