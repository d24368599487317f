"""The plain-text form of a result, for `weighbridge assess --format text`."""

from __future__ import annotations

from typing import Any

from .engine import RuleBase
from .engine.core.verdicts import LABELS


def _signed(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f}"


def render_text(data: dict[str, Any], rulebase: RuleBase) -> str:
    """A result dictionary (Result.to_dict()) as a short report."""
    names = {cid: concern.label for cid, concern in rulebase.concerns.items()}
    width = max(18, *(len(name) + 2 for name in names.values()))
    lines = []
    if not data.get("complete", True):
        unanswered = data.get("unanswered", [])
        lines.append(f"DRAFT: {len(unanswered)} question(s) that apply have no answer yet "
                     f"({', '.join(unanswered[:5])}{', ...' if len(unanswered) > 5 else ''}); "
                     "the verdict is provisional.")
    provisional = "" if data.get("complete", True) else " (provisional)"
    lines += [
        f"Verdict: {LABELS[data['verdict']]}{provisional}",
        f"Balance: {_signed(data['balance'])}  (positive argues against going ahead; "
        f"profile {data['profile']}; rule set {data['ruleset']})",
    ]
    low, high = data.get("interval", [data["balance"], data["balance"]])
    if low != high:
        kind = "exact" if data.get("interval_exact") else "a bound"
        lines.append(f"Unknown answers: balance between {_signed(low)} and {_signed(high)} "
                     f"({kind}); verdicts possible: "
                     + ", ".join(LABELS[v] for v in data.get("verdicts_possible", [])))
    lines.append("")
    lines.append(f"{'Concern':<{width}}{'weight':>7}{'risk':>7}{'after':>7}{'benefit':>8}"
                 f"{'net':>7}")
    for cid, c in data["concerns"].items():
        note = ("  does not apply" if c.get("applies") is False else
                "" if c["evidence"] else "  no evidence")
        note += "  may not apply" if c.get("applies", True) is None else ""
        note += "  saturated" if c["saturated"] else ""
        lines.append(f"{names[cid]:<{width}}{c['weight']:>7.2f}{c['risk']:>7.1f}"
                     f"{c['residual_risk']:>7.1f}{c['benefit']:>8.1f}{c['net']:>+7.2f}{note}")
    if data["red_lines"]:
        lines += ["", "Red lines:"]
        for line in data["red_lines"]:
            lines.append(f"  [{line['status']}] {line['rule']}: at least "
                         f"{LABELS[line['at_least']]}. Lifted by: {line['lifted_by']}")
    lines += _conditions(data)
    lines += ["", "Findings (by weighted contribution):"]
    for f in data["findings"]:
        marker = {"risk": "+", "benefit": "-", "mitigation": "~"}[f["effect"]]
        status = "" if f["status"] == "fired" else " (possible)"
        lines.append(f"  {marker} {f['weighted']:+.3f} {f['rule']}{status}: {f['says']}")
    if data["ignored_answers"]:
        lines += ["", "Ignored (not applicable): " + ", ".join(data["ignored_answers"])]
    return "\n".join(lines) + "\n"


def _conditions(data: dict[str, Any]) -> list[str]:
    """The conditions to attach (or what it would take), each with its effect if adopted."""
    conditions = data.get("conditions") or []
    if not conditions:
        return []
    heading = {"proceed": "Further safeguards (optional):",
               "proceed_with_conditions": "Conditions to attach:"}.get(
        data["verdict"], "What it would take:")
    lines = ["", heading]
    for n, condition in enumerate(conditions, 1):
        if condition["balance_if_adopted"] is None:
            effect = "effect not scored: no answer records it"
        else:
            effect = (f"balance {condition['balance_if_adopted']:+.3f}, "
                      f"{LABELS[condition['verdict_if_adopted']]}")
        shown_by = ", ".join(f"{q} = {v}" for q, v in condition["answers"].items())
        lines.append(f"  {n}. {condition['text']} [{effect}; answers "
                     f"{', '.join(condition['addresses'])}"
                     + (f"; shown by {shown_by}" if shown_by else "") + "]")
    return lines
