"""Creating, copying, archiving and deleting assessments: what the manage pages and the
command line (import, export, purge) share. Each function works in the caller's session; the
caller commits, so an import or a copy is stored whole or not at all."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from .audit import AuditEvent, record
from .engine import RuleBase
from .engine.core.problems import AnswerError
from .engine.loading.answers import normalise_value
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
    record(assessment, "imported", detail=_import_detail(imported))
    return assessment


def _import_detail(imported: Imported) -> str:
    parts = [f"{len(imported.answers)} answers"]
    if imported.dropped:
        parts.append(f"{len(imported.dropped)} left out as no longer applying")
    if imported.history:
        parts.append(f"the file lists {imported.history} earlier events (not imported: "
                     "they are the history of the assessment it came from)")
    return "; ".join(parts) + "."


def duplicate(original: Assessment, rulebase: RuleBase,
              author_id: int | None = None) -> Assessment:
    """A copy with the same answers, notes and marks under a new number, in the same team, a
    draft again: "another vendor for the same project" starts from here."""
    copy = Assessment(title=_copy_title(original.title), assessor=original.assessor,
                      team_id=original.team_id, author_id=author_id or original.author_id,
                      summary=original.summary, partner_id=original.partner_id,
                      ruleset=original.ruleset or rulebase.fingerprint,
                      rules_summary=original.rules_summary,
                      current_section=original.current_section)
    _fill(copy, original.answers, original.evidence, original.prefilled,
          original.sections_done)
    db.session.add(copy)
    record_score(copy)
    record(copy, "copied", detail=f"Copy of assessment {original.id} with every answer.")
    record(original, "duplicated", detail=f"Copied as assessment {copy.id}.")
    return copy


def reassess(original: Assessment, rulebase: RuleBase,
             author_id: int | None = None) -> Assessment:
    """A new draft copy under the current rules: answers that no longer fit them are left out
    (and listed); it remembers the original's rule set and result summary, so what the new
    rules change can be shown."""
    questions = rulebase.bank.questions
    answers, dropped = {}, []
    for qid, value in original.answers.items():
        if qid not in questions:
            dropped.append(qid)
            continue
        try:
            answers[qid] = normalise_value(questions[qid], value)
        except AnswerError:
            dropped.append(qid)
    evidence = {q: note for q, note in original.evidence.items() if q in questions}
    marks = {q: m for q, m in original.prefilled.items() if q in answers}
    sections = {s.id for s in rulebase.bank.sections}
    title = f"{original.title} (current rules)"[:200]
    copy = Assessment(title=title, assessor=original.assessor, summary=original.summary,
                      team_id=original.team_id, author_id=author_id or original.author_id,
                      partner_id=original.partner_id, ruleset=rulebase.fingerprint,
                      reassessed_from={"assessment": original.id, "title": original.title,
                                       "ruleset": original.ruleset or "",
                                       "summary": original.rules_summary,
                                       "dropped": dropped})
    _fill(copy, answers, evidence, marks,
          [s for s in original.sections_done if s in sections])
    db.session.add(copy)
    record_score(copy)
    record(copy, "reassessed", detail=f"Copy of assessment {original.id} (rule set "
           f"{original.ruleset or 'not recorded'}) under the current rule set "
           f"{rulebase.fingerprint}.")
    record(original, "reassessed", detail=f"Re-assessed as assessment {copy.id} under the "
           f"current rule set {rulebase.fingerprint}.")
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
    record(assessment, "archived")


def unarchive(assessment: Assessment) -> None:
    assessment.archived_at = None
    record(assessment, "unarchived")


def trash(assessment: Assessment) -> None:
    """To the trash: hidden, its history kept, restorable for TRASH_DAYS."""
    assessment.deleted_at = utcnow()
    record(assessment, "deleted")


def untrash(assessment: Assessment) -> None:
    assessment.deleted_at = None
    record(assessment, "restored")


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
    """Remove for good the assessments in the trash for more than ``days``; their numbers.
    Their history and action plan go with them (the only way an audit event is removed)."""
    from .actionplan.models import Action

    cutoff = (now or utcnow()) - timedelta(days=days)
    ids = list(db.session.scalars(select(Assessment.id).where(
        Assessment.deleted_at.is_not(None), Assessment.deleted_at < cutoff)))
    if ids:
        db.session.execute(delete(AuditEvent).where(AuditEvent.assessment_id.in_(ids)))
        db.session.execute(delete(Action).where(Action.assessment_id.in_(ids)))
        db.session.execute(delete(Answer).where(Answer.assessment_id.in_(ids)))
        db.session.execute(delete(SectionDone).where(SectionDone.assessment_id.in_(ids)))
        db.session.execute(delete(Assessment).where(Assessment.id.in_(ids)))
    return ids
