"""What a change of rule set does to an assessment: the result summary kept under the rule set
it was answered under, and the difference between two summaries (verdict, balance, findings
added and removed, questions now asked or no longer applicable). Plain data, no Flask."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .engine import RuleBase


def summarise(rulebase: RuleBase, answers: dict[str, Any], result: Any) -> dict[str, Any]:
    """The summary kept with the fingerprint: enough to say later what a new rule set changed
    (the findings with their titles, so a rule removed since can still be named)."""
    applicable = rulebase.resolver.resolve(answers).applicable
    return {
        "ruleset": rulebase.fingerprint,
        "verdict": result.verdict.id,
        "balance": round(float(result.balance), 6),
        "complete": bool(result.complete),
        "findings": [[f.rule, f.title or f.says[:200], f.status] for f in result.findings],
        "applicable": [qid for qid, applies in applicable.items() if applies is not False],
    }


@dataclass
class QuestionChange:
    id: str
    text: str
    answered: bool


@dataclass
class RuleChanges:
    """``before`` None: the result under the old rules was not recorded."""

    before: dict[str, Any] | None
    after: dict[str, Any]
    verdict_changed: bool = False
    balance_change: float | None = None
    findings_added: list[tuple[str, str]] = field(default_factory=list)
    findings_removed: list[tuple[str, str]] = field(default_factory=list)
    questions_added: list[QuestionChange] = field(default_factory=list)
    questions_gone: list[QuestionChange] = field(default_factory=list)

    @property
    def nothing(self) -> bool:
        return self.before is not None and not (
            self.verdict_changed or self.balance_change or self.findings_added
            or self.findings_removed or self.questions_added or self.questions_gone)


def compare(before: dict[str, Any] | None, after: dict[str, Any], rulebase: RuleBase,
            answers: dict[str, Any]) -> RuleChanges:
    """The differences from ``before`` (old rules) to ``after`` (the current ones)."""
    changes = RuleChanges(before, after)
    if before is None:
        return changes
    changes.verdict_changed = before.get("verdict") != after["verdict"]
    if isinstance(before.get("balance"), int | float):
        delta = round(after["balance"] - before["balance"], 6)
        changes.balance_change = delta or None
    old = {rule: title for rule, title, *_ in before.get("findings", [])}
    new = {rule: title for rule, title, *_ in after["findings"]}
    changes.findings_added = [(r, t) for r, t in new.items() if r not in old]
    changes.findings_removed = [(r, t) for r, t in old.items() if r not in new]
    questions = rulebase.bank.questions
    was, now = before.get("applicable", []), after["applicable"]
    changes.questions_added = [
        QuestionChange(q, questions[q].text, q in answers)
        for q in now if q not in set(was) and q not in answers]
    changes.questions_gone = [
        QuestionChange(q, questions[q].text if q in questions else q, q in answers)
        for q in was if q not in set(now)]
    return changes
