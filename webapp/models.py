"""Database models. An assessment keeps one row per answered question (``Answer``), so that a
section's save touches only its own questions and concurrent saves of different sections never
overwrite each other; each row carries a version for detecting saves from a stale page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import abort
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .extensions import db

#: The largest id a route accepts: beyond it no row can exist (and PostgreSQL's integer ends).
MAX_ID = 2**31 - 1


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
    partner_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    current_section: Mapped[str | None] = mapped_column(String(80), nullable=True)
    ruleset: Mapped[str] = mapped_column(String(40), default="")
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    #: in the trash since then (purged after 30 days); a deleted assessment is not found
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True,
                                                        index=True)
    #: the verdict, balance and completeness last scored (balanced profile), for the list
    verdict: Mapped[str | None] = mapped_column(String(40), nullable=True)
    balance: Mapped[float | None] = mapped_column(Float, nullable=True)
    complete: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    scored_with: Mapped[str] = mapped_column(String(40), default="", server_default="")
    #: the comparison this assessment is an alternative of, and its name there ("Vendor B")
    comparison_id: Mapped[int | None] = mapped_column(
        ForeignKey("comparison.id", ondelete="SET NULL"), nullable=True, index=True)
    alternative_name: Mapped[str | None] = mapped_column(String(120), nullable=True)

    answer_rows: Mapped[list[Answer]] = relationship(
        back_populates="assessment", lazy="selectin", cascade="all, delete-orphan")
    done_rows: Mapped[list[SectionDone]] = relationship(
        lazy="selectin", cascade="all, delete-orphan")

    @property
    def answers(self) -> dict[str, Any]:
        """{question id: stored answer} of the questions answered."""
        return {row.question_id: row.value for row in self.answer_rows if row.value is not None}

    @property
    def evidence(self) -> dict[str, str]:
        return {row.question_id: row.evidence for row in self.answer_rows if row.evidence}

    @property
    def prefilled(self) -> dict[str, Any]:
        """{question id: where the partner registry's answer came from}, while it holds."""
        return {row.question_id: row.registry_mark for row in self.answer_rows
                if row.registry_mark and row.value is not None}

    @property
    def versions(self) -> dict[str, int]:
        return {row.question_id: row.version for row in self.answer_rows}

    @property
    def sections_done(self) -> list[str]:
        return [row.section_id for row in self.done_rows]


class Answer(db.Model):
    """One question's answer: its value (None once cleared), evidence note, registry mark."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(80))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    evidence: Mapped[str] = mapped_column(Text, default="")
    #: where a pre-filled answer came from: {partner, source, as_of, answer}
    registry_mark: Mapped[dict[str, Any] | None] = mapped_column(
        "registry", JSON, nullable=True)
    #: raised by every change, so a save from a page loaded before it can be told apart
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="answer_rows")


class SectionDone(db.Model):
    """A section saved without errors at least once (insert-only, so saves never race)."""

    __tablename__ = "section_done"
    __table_args__ = (UniqueConstraint("assessment_id", "section_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[str] = mapped_column(String(80))
    done_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Comparison(db.Model):
    """A named set of 2 to 5 alternatives (assessments) compared side by side."""

    __tablename__ = "comparison"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def get_assessment_or_404(assessment_id: int, deleted: bool = False) -> Assessment:
    """The assessment with this number, or a 404 page (also for numbers no row can have, and
    for one in the trash unless ``deleted``)."""
    if not 0 < assessment_id <= MAX_ID:
        abort(404)
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None or (assessment.deleted_at is not None and not deleted):
        abort(404)
    return assessment
