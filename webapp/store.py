"""Saving answers so that none is lost.

Each answer is a row of its own with a version. A save locks the assessment (``begin_write``),
reads the rows afresh and writes only the questions it was given, so two saves of different
sections at the same moment both stick. A save made from a page loaded before someone else
changed one of its questions (the version it saw is not the stored one, and the values differ)
is not applied for that question: it comes back as a ``Conflict`` for the user to settle.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app

from .database import begin_write
from .extensions import db
from .models import Answer, Assessment, SectionDone, get_assessment_or_404, utcnow

#: A registry mark left as it is (dropped only when the answer no longer matches it).
KEEP = object()


@dataclass
class Change:
    """What a save sets for one question: its value (None: no answer), its evidence note and
    its registry mark (a dict, None to drop it, or KEEP)."""

    value: Any
    evidence: str = ""
    registry: Any = KEEP


@dataclass
class Conflict:
    """A question someone else changed after the page was loaded."""

    question_id: str
    mine: Any
    my_evidence: str
    theirs: Any
    their_evidence: str
    version: int
    changed_at: datetime | None


@contextmanager
def saving(assessment_id: int, answers: bool = True) -> Iterator[Assessment]:
    """A write transaction on one assessment, read afresh under the lock; committed at the end
    (rolled back if anything fails, so a crash loses at most this save). With ``answers`` (a
    save of answers) an assessment that is not a draft (submitted or approved) refuses it:
    ``AnswersLocked``, which the app answers with a clear message."""
    db.session.rollback()  # end the request's read transaction: the write starts locked
    begin_write(assessment_id)
    try:
        assessment = db.session.get(Assessment, assessment_id, populate_existing=True)
        if assessment is None:
            get_assessment_or_404(assessment_id)  # 404
        if answers and (assessment.status or "draft") != "draft":
            from .review.service import AnswersLocked

            raise AnswersLocked(assessment_id, assessment.status)
        yield assessment
        record_score(assessment)
        _pause_for_kill_test()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise


def record_score(assessment: Assessment) -> None:
    """Keep the verdict, balance and completeness (balanced profile) for the list page, and,
    when the assessment is answered under the current rules, the result's summary with them
    (what a later rule set is compared with)."""
    from .engine import assess, clean_answers
    from .extensions import get_rulebase
    from .rulechanges import summarise

    rulebase = get_rulebase()
    answers = clean_answers(assessment.answers, rulebase.bank)
    result = assess(rulebase, answers, analyse=False)
    assessment.verdict, assessment.balance = result.verdict.id, result.balance
    assessment.complete = result.complete
    assessment.scored_with = rulebase.fingerprint
    if assessment.ruleset == rulebase.fingerprint:
        assessment.rules_summary = summarise(rulebase, answers, result)


def _pause_for_kill_test() -> None:
    """Test-only: with PAUSE_BEFORE_COMMIT set to a file name, a save whose changes are written
    but not committed waits while that file exists (at most a minute), after writing its
    process id to ``<file>.paused``, so a test can kill the worker in the middle of a save."""
    marker = current_app.config.get("PAUSE_BEFORE_COMMIT")
    if not marker or not os.path.exists(marker):
        return
    db.session.flush()
    with open(f"{marker}.paused", "w") as handle:
        handle.write(str(os.getpid()))
    deadline = time.monotonic() + 60
    while os.path.exists(marker) and time.monotonic() < deadline:
        time.sleep(0.05)


def versions_seen(assessment: Assessment, question_ids: list[str]) -> dict[str, int]:
    """The version of each question as a page shows it (0: never answered)."""
    versions = assessment.versions
    return {qid: versions.get(qid, 0) for qid in question_ids}


def write(assessment: Assessment, changes: Mapping[str, Change],
          seen: Mapping[str, int] | None = None, detail: str = "") -> list[Conflict]:
    """Apply the changes in the current write transaction; those made stale by another save
    come back as conflicts instead. Each answer and evidence note changed is recorded in the
    audit trail in the same transaction (``detail`` says why, if not the wizard)."""
    rows = {row.question_id: row for row in assessment.answer_rows}
    conflicts = []
    for qid, change in changes.items():
        row = rows.get(qid)
        stored = (row.value, row.evidence) if row is not None else (None, "")
        wanted = (change.value, change.evidence or "")
        current = row.version if row is not None else 0
        if seen is not None and qid in seen and seen[qid] != current and stored != wanted:
            conflicts.append(Conflict(qid, change.value, change.evidence or "", stored[0],
                                      stored[1], current, row.updated_at if row else None))
            continue
        _audit(assessment, qid, stored, wanted, detail)
        _apply(assessment, rows, qid, change, stored != wanted)
    assessment.updated_at = utcnow()
    return conflicts


def _audit(assessment: Assessment, qid: str, stored: tuple[Any, str],
           wanted: tuple[Any, str], detail: str) -> None:
    from .audit import record

    if stored[0] != wanted[0]:
        record(assessment, "answer", qid, stored[0], wanted[0], detail)
    if stored[1] != wanted[1]:
        record(assessment, "evidence", qid, stored[1] or None, wanted[1] or None, detail)


def _apply(assessment: Assessment, rows: dict[str, Answer], qid: str, change: Change,
           changed: bool) -> None:
    row = rows.get(qid)
    if row is None:
        if change.value is None and not change.evidence and not isinstance(change.registry,
                                                                             dict):
            return
        row = Answer(question_id=qid, value=None, evidence="", version=0)
        assessment.answer_rows.append(row)
        rows[qid] = row
        changed = True
    if changed:
        row.value, row.evidence = change.value, change.evidence or ""
        row.version = (row.version or 0) + 1
    if change.registry is not KEEP:
        row.registry_mark = change.registry
    elif row.registry_mark and row.registry_mark.get("answer") != row.value:
        row.registry_mark = None  # the answer changed: it no longer comes from the registry


def mark_done(assessment: Assessment, section_id: str) -> None:
    if section_id not in assessment.sections_done:
        assessment.done_rows.append(SectionDone(section_id=section_id))
