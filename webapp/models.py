"""Database models. An assessment keeps its answers as JSON keyed by question id."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import abort
from sqlalchemy import JSON, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class Assessment(db.Model):
    __tablename__ = "assessment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    assessor: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    evidence: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    #: question id -> where a pre-filled answer came from (partner registry)
    prefilled: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    partner_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    sections_done: Mapped[list[str]] = mapped_column(JSON, default=list)
    current_section: Mapped[str | None] = mapped_column(String(80), nullable=True)
    ruleset: Mapped[str] = mapped_column(String(40), default="")

    def set_answers(self, answers: dict[str, Any], evidence: dict[str, str]) -> None:
        """Replace the JSON columns with new dicts so SQLAlchemy sees the change."""
        self.answers = dict(answers)
        self.evidence = {k: v for k, v in evidence.items() if v}

    def mark_done(self, section_id: str) -> None:
        if section_id not in (self.sections_done or []):
            self.sections_done = [*(self.sections_done or []), section_id]


def get_assessment_or_404(assessment_id: int) -> Assessment:
    """The assessment with this number, or a 404 page."""
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None:
        abort(404)
    return assessment
