"""The action list as CSV: the conditions to attach and the findings, one line each, with
columns a team fills in to track them (owner, due, status), filled from the action plan for
the conditions adopted as actions; adopted actions whose condition is no longer in the report
follow as rows of type "action".

Every cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
carriage return) is neutralised with a leading apostrophe, plain numbers excepted, so an
answer typed into the wizard can never run in the reader's spreadsheet."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from .engine import RuleBase
from .engine.core.verdicts import LABELS

HEADER = ["assessment", "type", "number", "text", "concern", "effect on the balance",
          "verdict if adopted", "rules", "answers that show it", "owner", "due", "status"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def safe_cell(value: Any) -> str:
    """The cell as text, neutralised if a spreadsheet could take it for a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def condition_key(condition: Any) -> str:
    """A condition's name across reports (its kind, words and the rules it answers), for a
    result's condition object or its dict."""
    get = condition.get if isinstance(condition, Mapping) else (
        lambda name: getattr(condition, name))
    return _key(get("kind"), get("text"), tuple(sorted(get("addresses"))))


@lru_cache(maxsize=4096)  # a report names each of its conditions on every view
def _key(kind: str, text: str, addresses: tuple[str, ...]) -> str:
    text = json.dumps([kind, text, list(addresses)], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _tracking(action: Any) -> list[str]:
    """Owner, due and status of an adopted action (a dropped one with its reason)."""
    if action is None:
        return ["", "", "open"]
    status = action.status + (f": {action.reason}" if action.status == "dropped"
                              and action.reason else "")
    return [action.owner or "", action.due.isoformat() if action.due else "", status]


def actions_csv(title: str, result: dict[str, Any], rulebase: RuleBase,
                adopted: Mapping[str, Any] | None = None) -> str:
    """Conditions first (in their rank), then the findings that count, by weight, then the
    adopted actions whose condition the report no longer lists; each row names the
    assessment, so lists of several assessments can be combined. ``adopted``: the action
    plan's actions by condition key."""
    questions = rulebase.bank.questions
    adopted = dict(adopted or {})
    rows = []
    for n, condition in enumerate(result.get("conditions", []), 1):
        shown_by = "; ".join(f"{questions[q].text if q in questions else q} = {v}"
                             for q, v in condition["answers"].items())
        effect = condition["balance_change"]
        rows.append(["condition", n, condition["text"], "",
                     "" if effect is None else f"{effect:+.3f}",
                     LABELS.get(condition["verdict_if_adopted"] or "", ""),
                     " ".join(condition["addresses"]), shown_by,
                     *_tracking(adopted.pop(condition_key(condition), None))])
    findings = [f for f in result["findings"] if f["counts"] and f["effect"] != "mitigation"]
    for n, finding in enumerate(findings, 1):
        concern = rulebase.concerns[finding["concern"]].name
        because = "; ".join(f"{q} = {v}" for q, v in finding["because"].items())
        rows.append([finding["effect"], n, finding["says"], concern,
                     f"{finding['weighted']:+.3f}", "", finding["rule"], because, "", "", ""])
    for n, action in enumerate(adopted.values(), 1):
        shown_by = "; ".join(f"{questions[q].text if q in questions else q} = {v}"
                             for q, v in (action.answers or {}).items())
        rows.append(["action", n, action.text, "", "", "", " ".join(action.addresses or []),
                     shown_by, *_tracking(action)])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([safe_cell(cell) for cell in [title, *row]] for row in rows)
    return buffer.getvalue()
