"""Creating, copying, archiving and deleting assessments: what the manage pages and the
command line (import, export, purge) share. Each function works in the caller's session; the
caller commits, so an import or a copy is stored whole or not at all."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from .engine import RuleBase
from .extensions import db
from .models import Answer, Assessment, SectionDone, utcnow
from .store import record_score
from .transfer import Imported

#: Deleted assessments stay in the trash this long, then ``weighbridge purge`` removes them.
TRASH_DAYS = 30


def create_from(imported: Imported, rulebase: RuleBase, team_id: int | None = None,
                author_id: int | None = None) -> Assessment:
    """A new assessment of ``team_id`` holding everything a validated file carries."""
    assessment = Assessment(title=imported.title, assessor=imported.assessor,
                            summary=imported.summary, partner_id=imported.partner,
                            ruleset=rulebase.fingerprint, team_id=team_id, author_id=author_id)
    _fill(assessment, imported.answers, imported.evidence, imported.registry,
          imported.sections_done)
    db.session.add(assessment)
    record_score(assessment)
    return assessment


def duplicate(original: Assessment, rulebase: RuleBase,
              author_id: int | None = None) -> Assessment:
    """A copy with the same answers, notes and marks under a new number, in the same team, a
    draft again: "another vendor for the same project" starts from here."""
    copy = Assessment(title=_copy_title(original.title), assessor=original.assessor,
                      team_id=original.team_id, author_id=author_id or original.author_id,
                      summary=original.summary, partner_id=original.partner_id,
                      ruleset=original.ruleset or rulebase.fingerprint,
                      current_section=original.current_section)
    _fill(copy, original.answers, original.evidence, original.prefilled,
          original.sections_done)
    db.session.add(copy)
    record_score(copy)
    return copy


def _fill(assessment: Assessment, answers: dict[str, Any], evidence: dict[str, str],
          marks: dict[str, Any], sections_done: list[str]) -> None:
    for qid in list(answers) + [q for q in evidence if q not in answers]:
        assessment.answer_rows.append(Answer(
            question_id=qid, value=answers.get(qid), evidence=evidence.get(qid, ""),
            registry_mark=marks.get(qid) if qid in answers else None, version=1))
    for section_id in sections_done:
        assessment.done_rows.append(SectionDone(section_id=section_id))


def _copy_title(title: str) -> str:
    return f"Copy of {title}"[:200]


def archive(assessment: Assessment) -> None:
    assessment.archived_at = utcnow()


def unarchive(assessment: Assessment) -> None:
    assessment.archived_at = None


def trash(assessment: Assessment) -> None:
    assessment.deleted_at = utcnow()


def untrash(assessment: Assessment) -> None:
    assessment.deleted_at = None


def purge_after(assessment: Assessment) -> datetime | None:
    """When an assessment in the trash goes for good."""
    if assessment.deleted_at is None:
        return None
    return assessment.deleted_at + timedelta(days=TRASH_DAYS)


def in_trash(team_id: int | None = None) -> list[Assessment]:
    """What is in the trash, of one team (or of every team with None)."""
    query = select(Assessment).where(Assessment.deleted_at.is_not(None))
    if team_id is not None:
        query = query.where(Assessment.team_id == team_id)
    return list(db.session.scalars(query.order_by(Assessment.deleted_at.desc())))


def purge(days: int = TRASH_DAYS, now: datetime | None = None) -> list[int]:
    """Remove for good the assessments in the trash for more than ``days``; their numbers."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    ids = list(db.session.scalars(select(Assessment.id).where(
        Assessment.deleted_at.is_not(None), Assessment.deleted_at < cutoff)))
    if ids:
        db.session.execute(delete(Answer).where(Answer.assessment_id.in_(ids)))
        db.session.execute(delete(SectionDone).where(SectionDone.assessment_id.in_(ids)))
        db.session.execute(delete(Assessment).where(Assessment.id.in_(ids)))
    return ids
