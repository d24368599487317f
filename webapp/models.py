"""Database models. An assessment keeps one row per answered question (``Answer``), so that a
section's save touches only its own questions and concurrent saves of different sections never
overwrite each other; each row carries a version for detecting saves from a stale page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import abort, has_request_context
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
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
    #: the team it belongs to (only its members and admins see it) and who started it
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), nullable=True,
                                                index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), nullable=True)
    #: review: draft -> submitted (answers locked) -> approved, or returned (back to draft)
    status: Mapped[str] = mapped_column(String(20), default="draft", server_default="draft")
    review_comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: the result under ``ruleset`` (verdict, balance, findings, questions that apply), kept
    #: at every save under that rule set, so a changed rule set can be compared with it
    rules_summary: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    #: for a copy made by "re-assess under current rules": the original's number, rule set
    #: and result summary, and the answers that no longer fit
    reassessed_from: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
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
    """The assessment with this number, or a 404 page (also for numbers no row can have, for
    one in the trash unless ``deleted``, and for one of a team the signed-in person is not
    in: see ``team_or_404``)."""
    if not 0 < assessment_id <= MAX_ID:
        abort(404)
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None or (assessment.deleted_at is not None and not deleted):
        abort(404)
    team_or_404(assessment.team_id)
    return assessment


def team_or_404(team_id: int | None) -> None:
    """THE team check, for every route that touches an assessment: a 404 page (not 403, so
    an outsider learns nothing, not even that the number exists) unless the signed-in person
    is in the assessment's team or an admin. Outside a request (the command line) there is
    no one to check."""
    if not may_see(team_id):
        abort(404)


def may_see(team_id: int | None) -> bool:
    """Whether the signed-in person may see an assessment of this team (always true outside a
    request: the command line)."""
    if not has_request_context():
        return True
    from flask_login import current_user

    if not current_user or not current_user.is_authenticated:
        return False
    if current_user.role == ADMIN:
        return True
    return team_id is not None and team_id == current_user.team_id


def visible_team() -> int | None:
    """The team whose assessments lists show the signed-in person (None: every team, for an
    admin); -1, a team no row has, when the person is in none."""
    from flask_login import current_user

    if current_user.role == ADMIN:
        return None
    return current_user.team_id if current_user.team_id is not None else -1


ASSESSOR, REVIEWER, ADMIN = "assessor", "reviewer", "admin"
ROLES = {ASSESSOR: "Assessor", REVIEWER: "Reviewer", ADMIN: "Admin"}


class Team(db.Model):
    __tablename__ = "team"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Account(db.Model):
    """A person who signs in (Flask-Login's user): a role and a team."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: stored lower-cased; what people type to sign in
    username: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), default=ASSESSOR)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("team.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    team: Mapped[Team | None] = relationship(lazy="joined")

    # Flask-Login's interface
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def can_review(self) -> bool:
        return self.role in (REVIEWER, ADMIN)


class LoginThrottle(db.Model):
    """Failed sign-ins counted per key ("account:<name>" or "ip:<address>")."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True),
                                                          nullable=True)


class Approval(db.Model):
    """What an approval froze: answers, notes, the result and the rendered report (HTML the
    PDF is made from, the PDF, the JSON), so the approved report never changes."""

    __tablename__ = "approval"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), unique=True)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), nullable=True)
    approved_by: Mapped[str] = mapped_column(String(120))
    approved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    ruleset: Mapped[str] = mapped_column(String(40))
    answers: Mapped[Any] = mapped_column(JSON)
    evidence: Mapped[Any] = mapped_column(JSON)
    result_json: Mapped[str] = mapped_column(Text)
    report_html: Mapped[str] = mapped_column(Text)
    report_pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
