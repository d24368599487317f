"""The method page: concerns, profiles, bands and every rule in plain words, searchable."""

from __future__ import annotations

from flask import render_template, request

from .. import get_rulebase
from ..engine import CONCERNS
from ..engine.checks import coverage
from ..engine.describe import describe_lines
from . import bp

EFFECT_NAMES = {"risk": "Risk", "benefit": "Benefit", "mitigation": "Mitigation"}


def _matches(rule, words: list[str]) -> bool:
    text = " ".join((rule.id, rule.title, rule.says, rule.why, rule.source, rule.advice,
                     " ".join(rule.dilemmas))).lower()
    return all(word in text for word in words)


@bp.route("/method")
def method():
    rulebase = get_rulebase()
    concern = request.args.get("concern", "")
    effect = request.args.get("effect", "")
    query = request.args.get("q", "").strip()
    words = query.lower().split()
    shown = [r for r in rulebase.rules
             if (not concern or r.concern == concern) and (not effect or r.effect == effect)
             and (not words or _matches(r, words))]
    groups = [(c, [r for r in shown if r.concern == c]) for c in CONCERNS]
    conditions = {r.id: describe_lines(r.when, rulebase.bank) for r in shown}
    targeted_by: dict[str, list[str]] = {}
    for rule in rulebase.rules:
        for target in rule.mitigates:
            targeted_by.setdefault(target.rule, []).append(rule.id)
    return render_template(
        "reports/method.html", rulebase=rulebase, groups=groups, conditions=conditions,
        concern=concern, effect=effect, query=query, shown=len(shown),
        effect_names=EFFECT_NAMES, targeted_by=targeted_by, coverage=coverage(rulebase))
