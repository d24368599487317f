"""Adopting conditions as actions, changing them, and applying the answers of an action done.
Each function works in the caller's session or its own write transaction, as said."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..actions_csv import condition_key
from ..audit import record
from ..engine import RuleBase, assess, clean_answers
from ..engine.core.problems import AnswerError
from ..engine.loading.answers import normalise_value
from ..extensions import db
from ..models import Assessment
from ..store import Change, saving, write
from .models import Action


def actions_of(assessment_id: int) -> list[Action]:
    return list(db.session.scalars(select(Action).where(Action.assessment_id == assessment_id)
                                   .order_by(Action.id)))


def cache_key(actions: list[Action]) -> list[Any]:
    """What a page shows of the actions, for the report's cache key."""
    return [(a.id, a.key, a.owner, a.due.isoformat() if a.due else None, a.status, a.reason,
             a.text) for a in actions]


def find_condition(rulebase: RuleBase, assessment: Assessment, key: str,
                   profile: str, weights: dict[str, float] | None) -> Any | None:
    """The report's condition with this key, under the weights the report was shown with."""
    result = assess(rulebase, clean_answers(assessment.answers, rulebase.bank),
                    profile=profile, weights=weights)
    for condition in result.analysis.conditions if result.analysis else []:
        if condition_key(condition) == key:
            return condition
    return None


def adopted(assessment_id: int, key: str) -> Action | None:
    return db.session.scalar(select(Action).where(Action.assessment_id == assessment_id,
                                                  Action.key == key))


def adopt(assessment: Assessment, condition: Any) -> tuple[Action, bool]:
    """The condition as an open action (the existing one if adopted before); True if new."""
    key = condition_key(condition)
    existing = adopted(assessment.id, key)
    if existing is not None:
        return existing, False
    action = Action(assessment_id=assessment.id, key=key, kind=condition.kind,
                    text=condition.text, answers=dict(condition.answers),
                    addresses=list(condition.addresses), owner="", status="open", reason="")
    db.session.add(action)
    record(assessment, "action_adopted", detail=condition.text)
    return action, True


FIELDS = ("owner", "due", "status", "reason")


def update(assessment: Assessment, action: Action, values: dict[str, Any]) -> bool:
    """Set owner, due, status and reason; the change is recorded. True if anything changed."""
    old = {f: _plain(getattr(action, f)) for f in FIELDS}
    for name in FIELDS:
        setattr(action, name, values[name])
    if action.status != "dropped":
        action.reason = ""
    new = {f: _plain(getattr(action, f)) for f in FIELDS}
    changed = [f for f in FIELDS if old[f] != new[f]]
    if changed:
        record(assessment, "action_changed", old={f: old[f] for f in changed},
               new={f: new[f] for f in changed}, detail=action.text)
    return bool(changed)


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def answers_to_apply(rulebase: RuleBase, assessment: Any, action: Action
                     ) -> list[tuple[str, Any, Any]]:
    """(question id, stored value, value that shows the action in place) for each answer of
    the action not yet given that way, among questions that still exist."""
    questions, stored = rulebase.bank.questions, assessment.answers
    pending = []
    for qid, value in (action.answers or {}).items():
        if qid not in questions:
            continue
        try:
            wanted = normalise_value(questions[qid], value)
        except AnswerError:
            continue
        if stored.get(qid) != wanted:
            pending.append((qid, stored.get(qid), wanted))
    return pending


def apply_done(rulebase: RuleBase, assessment_id: int, action_id: int) -> tuple[int, int]:
    """Record the answers that show a done action in place, as one normal save (its own write
    transaction, each answer in the audit trail); returns (the assessment saved to, the number
    of answers set). An assessment that is submitted or approved keeps its answers: they go
    to a new draft version (a copy), so the approved snapshot stays as it was."""
    from ..assessments import duplicate

    target = db.session.get(Assessment, assessment_id)
    action = db.session.get(Action, action_id)
    if target is None or action is None or action.assessment_id != target.id:
        return assessment_id, 0
    if target.status != "draft":
        if not answers_to_apply(rulebase, target, action):
            return assessment_id, 0
        copy = duplicate(target, rulebase)
        copy.title = f"{target.title} (new version)"[:200]
        db.session.flush()
        db.session.add(Action(assessment_id=copy.id, key=action.key, kind=action.kind,
                              text=action.text, answers=action.answers,
                              addresses=action.addresses,
                              owner=action.owner, due=action.due, status=action.status,
                              reason=action.reason))
        db.session.commit()
        target_id, source = copy.id, action
    else:
        target_id, source = target.id, action
    with saving(target_id) as assessment:
        if source.status != "done":
            return target_id, 0
        pending = answers_to_apply(rulebase, assessment, source)
        evidence = assessment.evidence
        write(assessment, {qid: Change(value, evidence.get(qid, ""))
                           for qid, _, value in pending},
              detail=f"Set as the action done: {source.text}"[:500])
        if pending:  # answered now, under the current rules, as a step's save records
            assessment.ruleset = rulebase.fingerprint
    return target_id, len(pending)
