"""The action plan: conditions of the report adopted as actions with an owner, a due date and a
status (open, done, or dropped with a reason)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..models import utcnow

STATUSES = {"open": "Open", "done": "Done", "dropped": "Dropped"}
MAX_OWNER = 120
MAX_REASON = 1000


class Action(db.Model):
    """One adopted condition. ``key`` names the condition (its kind, text and the rules it
    answers), so it is adopted once and found again on the report."""

    __tablename__ = "action"
    __table_args__ = (UniqueConstraint("assessment_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(Text)
    #: the answers that would show it in place ({question id: value}); empty when none does
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    addresses: Mapped[list[str]] = mapped_column(JSON, default=list)
    owner: Mapped[str] = mapped_column(String(MAX_OWNER), default="")
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)
