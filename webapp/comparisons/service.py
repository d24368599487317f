"""Comparisons in the database: adding an alternative (a copy of an assessment, or "doing
nothing") and reading a comparison's alternatives. Works in the caller's session; the caller
commits, so an alternative is added whole or not at all."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from .. import assessments
from ..engine import RuleBase, clean_answers
from ..extensions import db
from ..models import Answer, Assessment, Comparison, get_assessment_or_404, may_see
from ..store import record_score

MAX_ALTERNATIVES = 5

#: "Doing nothing": the answers that hold when no technology is bought or built. The question
#: bank has no question on whether anything is bought at all, so only the questions about the
#: new system (its data, remote access, share, surveillance, gains) can be pre-filled; the
#: scenario's facts stay as they are and the partner section is left for the user to answer
#: (for the supplier of what is kept in use, if any).
DOING_NOTHING: dict[str, Any] = {
    "contract_value_meur": 0,
    "vendor_share_pct": 0,
    "surveillance_capability": "no",
    "subsidised_bid": "no",
    "remote_access": "none",
    "data_kinds": [],
    "data_location": "not_stored",
    "data_reachable_from_home": "no",
    "update_control": "none",
    "export_control_cutoff": "no",
    "routing_via_vendor_state": "no",
    "platform_profiles_users": "no",
    "platform_state_scoring": "no",
    "inclusion": "no",
    "public_service_gains": [],
    "bundled_package": "no",
    "loan_clauses": [],
    "vendor_tied_maintenance": "no",
    "allied_traffic": "no",
    "chip_supplier_restricted": "no",
}
#: the section whose answers "doing nothing" leaves to the user, and the partner's name then
LEFT_TO_USER_SECTION = "partner"
NOTHING_PARTNER = "Nothing bought (doing nothing)"


@dataclass
class Added:
    copy: Assessment
    comparison: Comparison
    prefilled: list[str] = field(default_factory=list)  # question ids set for doing nothing
    cleared: list[str] = field(default_factory=list)  # question ids left to the user


class TooManyAlternatives(ValueError):
    pass


def alternative_ids(comparison_id: int) -> list[int]:
    """The numbers of a comparison's alternatives (not those in the trash), oldest first."""
    return list(db.session.scalars(
        select(Assessment.id).where(Assessment.comparison_id == comparison_id,
                                    Assessment.deleted_at.is_(None)).order_by(Assessment.id)))


def alternatives_of(comparison_id: int) -> list[Assessment]:
    """A comparison's alternatives, each fetched through ``get_assessment_or_404``."""
    return [get_assessment_or_404(aid) for aid in alternative_ids(comparison_id)]


def comparison_or_404(comparison_id: int) -> Comparison:
    from flask import abort

    from ..models import MAX_ID

    comparison = db.session.get(Comparison, comparison_id) if 0 < comparison_id <= MAX_ID else None
    if comparison is None or not all(may_see(team) for team in _teams_of(comparison.id)):
        abort(404)  # a comparison is its alternatives' team's (the same 404 as no such number)
    return comparison


def _teams_of(comparison_id: int) -> set[int | None]:
    """The teams of a comparison's alternatives (one, as alternatives are copies)."""
    return set(db.session.scalars(select(Assessment.team_id).where(
        Assessment.comparison_id == comparison_id)))


def all_comparisons() -> list[tuple[Comparison, int]]:
    """Every comparison with how many alternatives it holds, newest first."""
    counts = (select(Assessment.comparison_id, func.count(Assessment.id).label("n"))
              .where(Assessment.deleted_at.is_(None)).group_by(Assessment.comparison_id)
              .subquery())
    rows = db.session.execute(
        select(Comparison, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.comparison_id == Comparison.id)
        .order_by(Comparison.created_at.desc(), Comparison.id.desc())).all()
    teams: dict[int, set] = {}
    for comparison_id, team_id in db.session.execute(
            select(Assessment.comparison_id, Assessment.team_id).distinct()
            .where(Assessment.comparison_id.is_not(None))):
        teams.setdefault(comparison_id, set()).add(team_id)
    return [(comparison, int(n)) for comparison, n in rows
            if all(may_see(team) for team in teams.get(comparison.id, {None}))]


def name_of(assessment: Assessment) -> str:
    return assessment.alternative_name or assessment.title


def add_alternative(original: Assessment, rulebase: RuleBase, name: str,
                    comparison_name: str = "", original_name: str = "",
                    doing_nothing: bool = False) -> Added:
    """A sibling of ``original`` in its comparison (a new one named ``comparison_name`` when
    it has none, the original then named ``original_name``): a copy with every answer, or
    with the answers of doing nothing. Raises TooManyAlternatives beyond five."""
    if original.comparison_id is None:
        comparison = Comparison(name=comparison_name or original.title)
        db.session.add(comparison)
        db.session.flush()
        original.comparison_id = comparison.id
        original.alternative_name = original_name or original.title
    else:
        comparison = db.session.get(Comparison, original.comparison_id)
        if len(alternative_ids(comparison.id)) >= MAX_ALTERNATIVES:
            raise TooManyAlternatives(
                f"“{comparison.name}” already holds {MAX_ALTERNATIVES} alternatives, the most "
                "one comparison shows.")
    copy = assessments.duplicate(original, rulebase)
    copy.title = f"{comparison.name}: {name}"[:200]
    copy.comparison_id, copy.alternative_name = comparison.id, name
    added = Added(copy, comparison)
    if doing_nothing:
        _doing_nothing(copy, rulebase, added)
    record_score(copy)
    return added


def _doing_nothing(copy: Assessment, rulebase: RuleBase, added: Added) -> None:
    bank = rulebase.bank
    wanted = clean_answers({q: v for q, v in DOING_NOTHING.items() if q in bank.questions}, bank)
    left = {q.id for q in bank.ordered() if q.section == LEFT_TO_USER_SECTION}
    rows = {row.question_id: row for row in copy.answer_rows}
    for qid in left:
        if qid in rows and qid != "partner_name" and rows[qid].value is not None:
            rows[qid].value, rows[qid].registry_mark = None, None
            added.cleared.append(qid)
    if "partner_name" in bank.questions:
        wanted["partner_name"] = NOTHING_PARTNER
    for qid, value in wanted.items():
        row = rows.get(qid)
        if row is None:
            row = Answer(question_id=qid, value=value, evidence="", version=1)
            copy.answer_rows.append(row)
        else:
            row.value, row.registry_mark = value, None
        if qid != "partner_name":
            added.prefilled.append(qid)
    copy.partner_id = None
    added.cleared = [q.id for q in bank.ordered() if q.id in added.cleared]
