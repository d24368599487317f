"""The audit trail: an append-only table of what happened to each assessment, when and by whom.

``record(assessment, kind, ...)`` adds an event in the caller's transaction (the caller
commits, so an event is stored exactly when the change it describes is). Nothing in the app
updates or deletes an event: the ORM refuses to (``_refuse_changes``), no route or command
offers it, and moving an assessment to the trash keeps its history; only ``weighbridge
purge``, which removes an assessment for good, removes its events with it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, event, select
from sqlalchemy.orm import Mapped, mapped_column

from .actors import MAX_ACTOR, current_actor
from .extensions import db
from .models import utcnow

#: kind -> how the history names it
KINDS = {
    "created": "Created",
    "answer": "Answer changed",
    "evidence": "Evidence note changed",
    "exported": "Exported as JSON",
    "imported": "Imported from a file",
    "duplicated": "Duplicated",
    "copied": "Created as a copy",
    "renamed": "Details changed",
    "archived": "Archived",
    "unarchived": "Restored from the archive",
    "deleted": "Moved to the trash",
    "restored": "Restored from the trash",
    "submitted": "Submitted for sign-off",
    "approved": "Approved",
    "returned": "Returned for changes",
    "action_adopted": "Condition adopted as an action",
    "action_changed": "Action changed",
    "reassessed": "Re-assessed under the current rules",
}
MAX_DETAIL = 2000


class AuditEvent(db.Model):
    """One thing that happened to an assessment. Never changed once written."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_assessment", "assessment_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(MAX_ACTOR), default="")
    kind: Mapped[str] = mapped_column(String(40))
    question_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    old_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_changes(_mapper, _connection, target: AuditEvent) -> None:
    raise PermissionError(f"audit event {target.id} is append-only")


def record(assessment: Any, kind: str, question_id: str | None = None, old: Any = None,
           new: Any = None, detail: str = "", actor: str | None = None) -> AuditEvent:
    """Add an event to the current transaction (flushed with it; the caller commits)."""
    if kind not in KINDS:
        raise ValueError(f"unknown audit event kind {kind!r}")
    row = AuditEvent(kind=kind, question_id=question_id, old_value=old, new_value=new,
                     detail=(detail or "")[:MAX_DETAIL],
                     actor=(actor or current_actor(assessment))[:MAX_ACTOR], at=utcnow())
    if getattr(assessment, "id", None) is None:  # a new assessment: id after the flush
        db.session.flush()
    row.assessment_id = assessment.id
    db.session.add(row)
    return row


def events(assessment_id: int, offset: int = 0, limit: int | None = None,
           newest_first: bool = True) -> list[AuditEvent]:
    order = AuditEvent.id.desc() if newest_first else AuditEvent.id
    query = select(AuditEvent).where(AuditEvent.assessment_id == assessment_id).order_by(order)
    if offset:
        query = query.offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def count(assessment_id: int) -> int:
    from sqlalchemy import func

    return db.session.scalar(select(func.count(AuditEvent.id)).where(
        AuditEvent.assessment_id == assessment_id)) or 0


def as_document(row: AuditEvent) -> dict[str, Any]:
    """An event as the JSON export carries it (oldest first there)."""
    return {"at": row.at.isoformat(timespec="seconds") if row.at else None, "who": row.actor,
            "kind": row.kind, "question": row.question_id, "old": row.old_value,
            "new": row.new_value, "detail": row.detail}
