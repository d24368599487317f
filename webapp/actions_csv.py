"""The action list as CSV: the conditions to attach and the findings, one line each, with
columns a team fills in to track them (owner, due, status).

Every cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
carriage return) is neutralised with a leading apostrophe, plain numbers excepted, so an
answer typed into the wizard can never run in the reader's spreadsheet."""

from __future__ import annotations

import csv
import io
import re
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


def actions_csv(title: str, result: dict[str, Any], rulebase: RuleBase) -> str:
    """Conditions first (in their rank), then the findings that count, by weight; each row
    names the assessment, so lists of several assessments can be combined."""
    questions = rulebase.bank.questions
    rows = []
    for n, condition in enumerate(result.get("conditions", []), 1):
        shown_by = "; ".join(f"{questions[q].text if q in questions else q} = {v}"
                             for q, v in condition["answers"].items())
        effect = condition["balance_change"]
        rows.append(["condition", n, condition["text"], "",
                     "" if effect is None else f"{effect:+.3f}",
                     LABELS.get(condition["verdict_if_adopted"] or "", ""),
                     " ".join(condition["addresses"]), shown_by, "", "", "open"])
    findings = [f for f in result["findings"] if f["counts"] and f["effect"] != "mitigation"]
    for n, finding in enumerate(findings, 1):
        concern = rulebase.concerns[finding["concern"]].name
        because = "; ".join(f"{q} = {v}" for q, v in finding["because"].items())
        rows.append([finding["effect"], n, finding["says"], concern,
                     f"{finding['weighted']:+.3f}", "", finding["rule"], because, "", "", ""])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([safe_cell(cell) for cell in [title, *row]] for row in rows)
    return buffer.getvalue()
