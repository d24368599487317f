"""A screened portfolio and its projects (one row of the uploaded file each)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import abort
from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..models import MAX_ID, utcnow

SCREENING, DONE = "screening", "done"


class Portfolio(db.Model):
    """An uploaded file: its name, the profile it is screened with, and the progress."""

    __tablename__ = "portfolio"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: the uploader's team: only its members (and admins) see the portfolio
    team_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    profile: Mapped[str] = mapped_column(String(80), default="balanced")
    status: Mapped[str] = mapped_column(String(20), default=SCREENING)
    total: Mapped[int] = mapped_column(Integer, default=0)  # rows that can be screened
    done: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)  # rows refused (bad cells)
    ruleset: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    projects: Mapped[list[Project]] = relationship(
        back_populates="portfolio", cascade="all, delete-orphan", order_by="Project.row",
        lazy="select")


class Project(db.Model):
    """One row: its answers and, once screened, the summary; or the problems that make it
    unusable (``problems``: [[column, message], ...])."""

    __tablename__ = "portfolio_project"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    portfolio_id: Mapped[int] = mapped_column(ForeignKey("portfolio.id", ondelete="CASCADE"),
                                              index=True)
    row: Mapped[int] = mapped_column(Integer)
    project_id: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(200), default="")
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    problems: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    verdict: Mapped[str | None] = mapped_column(String(40), nullable=True)
    balance: Mapped[float | None] = mapped_column(Float, nullable=True)
    interval_low: Mapped[float | None] = mapped_column(Float, nullable=True)
    interval_high: Mapped[float | None] = mapped_column(Float, nullable=True)
    robust: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    top_concern: Mapped[str] = mapped_column(String(200), default="")
    top_finding: Mapped[str] = mapped_column(Text, default="")
    top_condition: Mapped[str] = mapped_column(Text, default="")
    unknowns: Mapped[int | None] = mapped_column(Integer, nullable=True)
    #: the assessment made from it with "Open as assessment"
    assessment_id: Mapped[int | None] = mapped_column(Integer, nullable=True)

    portfolio: Mapped[Portfolio] = relationship(back_populates="projects")


def get_portfolio_or_404(portfolio_id: int) -> Portfolio:
    if not 0 < portfolio_id <= MAX_ID:
        abort(404)
    portfolio = db.session.get(Portfolio, portfolio_id)
    if portfolio is None:
        abort(404)
    from ..models import team_or_404

    team_or_404(portfolio.team_id)  # outside the team: the same 404 as no such portfolio
    return portfolio
