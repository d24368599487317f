"""The assessments list: each assessment's progress from one query, reading only the answers
that decide which sections apply."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, false, or_, select

from ..engine import RuleBase, clean_answers
from ..extensions import db
from ..models import Answer
from ..pagecache import LRU
from ..snapshot import ANSWER, ASSESSMENT, SECTIONS_DONE, split_done
from .steps import steps

#: the list's query per set of deciding questions (one per rule set in practice)
_QUERIES = LRU(8)


def _query(deciding: frozenset[str]) -> Select:
    """Each assessment, latest saved first, with its sections done and its answers to the
    deciding questions (one row per such answer, or one without)."""
    query = _QUERIES.get(deciding)
    if query is None:
        wanted = or_(*[ANSWER.question_id == qid for qid in sorted(deciding)]) if deciding \
            else false()
        query = (select(ASSESSMENT.id, ASSESSMENT.title, ASSESSMENT.assessor,
                        ASSESSMENT.updated_at, SECTIONS_DONE, ANSWER.question_id, ANSWER.value)
                 .outerjoin(Answer.__table__, (ANSWER.assessment_id == ASSESSMENT.id) & wanted)
                 .order_by(ASSESSMENT.updated_at.desc(), ASSESSMENT.id.desc()))
        _QUERIES.set(deciding, query)
    return query


def assessment_rows(rulebase: RuleBase) -> list[dict[str, Any]]:
    """Every assessment, latest saved first, with its sections done and to walk through."""
    assessments: dict[int, tuple[Any, str | None, dict[str, Any]]] = {}
    for *head, done, qid, value in db.session.execute(
            _query(frozenset(rulebase.controllers))):
        entry = assessments.setdefault(head[0], (head, done, {}))
        if qid is not None and value is not None:
            entry[2][qid] = value
    rows = []
    for (assessment_id, title, assessor, updated_at), done, deciding in assessments.values():
        sections = steps(rulebase, clean_answers(deciding, rulebase.bank))
        finished = set(split_done(done))
        rows.append({"assessment": {"id": assessment_id, "title": title, "assessor": assessor,
                                    "updated_at": updated_at},
                     "total": len(sections),
                     "done": sum(1 for s in sections if s.id in finished)})
    return rows
