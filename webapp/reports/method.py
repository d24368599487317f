"""The method page: concerns, profiles, bands, every rule in plain words (searchable), and the
partner registry with its sources."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import render_template, request

from ..engine.checks import coverage
from ..engine.describe import answer_text, describe_lines
from ..extensions import get_build, get_rulebase
from ..pagecache import LRU, cached, fingerprint, session_key
from . import bp

#: The method page changes only with the rule set (and the day: registry facts age), so each
#: worker renders each filtered view once.
METHOD_PAGES = LRU(16)

EFFECT_NAMES = {"risk": "Risk", "benefit": "Benefit", "mitigation": "Mitigation"}


def _matches(rule, words: list[str]) -> bool:
    text = " ".join((rule.id, rule.title, rule.says, rule.why, rule.source, rule.advice,
                     " ".join(rule.dilemmas))).lower()
    return all(word in text for word in words)


@bp.route("/method")
def method():
    concern = request.args.get("concern", "")
    effect = request.args.get("effect", "")
    query = request.args.get("q", "").strip()
    key = fingerprint(get_build(), dt.date.today().isoformat(), concern, effect, query,
                      session_key())
    # The ETag comes from the key, not the bytes: each worker's copy carries its own CSRF
    # token in the sign-out form, and a browser's copy from one worker is current on another.
    return cached(METHOD_PAGES, key, lambda: render_method(concern, effect, query), etag=key,
                  weak=True)


def render_method(concern: str, effect: str, query: str) -> str:
    """The method page, filtered by concern, effect and search words."""
    rulebase = get_rulebase()
    words = query.lower().split()
    shown = [r for r in rulebase.rules
             if (not concern or r.concern == concern) and (not effect or r.effect == effect)
             and (not words or _matches(r, words))]
    groups = [(c, [r for r in shown if r.concern == c]) for c in rulebase.concern_ids]
    conditions = {r.id: describe_lines(r.when, rulebase.bank) for r in shown}
    targeted_by: dict[str, list[str]] = {}
    for rule in rulebase.rules:
        for target in rule.mitigates:
            targeted_by.setdefault(target.rule, []).append(rule.id)
    cause_members: dict[str, list[str]] = {}
    for rule in rulebase.rules:
        if rule.cause:
            cause_members.setdefault(rule.cause, []).append(rule.id)
    return render_template(
        "reports/method.html", rulebase=rulebase, groups=groups, conditions=conditions,
        cause_members=cause_members,
        concern=concern, effect=effect, query=query, shown=len(shown),
        effect_names=EFFECT_NAMES, targeted_by=targeted_by, coverage=coverage(rulebase),
        registry=registry_view(rulebase))


#: Column headings for the registry table; a question not named here shows its full text.
SHORT_LABELS = {
    "vendor_home": "Home", "vendor_ownership": "Ownership",
    "home_law_compels": "Home law compels intelligence help",
    "vendor_on_restricted_lists": "US restricted lists",
    "vendor_hr_listing": "Listed for human-rights abuses",
    "home_regulatory_volatility": "Home regulatory volatility",
    "chip_supplier_restricted": "Chip supplier restricted",
}


def registry_view(rulebase) -> dict[str, Any] | None:
    """The partner registry as tables by sector (one column per question it answers), with
    notes and sources numbered in order of first use."""
    registry = rulebase.partners
    if registry is None:
        return None
    bank = rulebase.bank
    numbers: dict[str, int] = {}

    def cite(key: str) -> int:
        return numbers.setdefault(key, len(numbers) + 1)

    def note(text: str, item) -> dict[str, Any]:
        return {"text": text, "as_of": item.as_of, "ref": cite(item.source_id)}

    answered = {f.question for p in registry.partners.values() for f in p.facts}
    columns = [(q.id, SHORT_LABELS.get(q.id, q.text), q.text) for q in bank.ordered()
               if q.id in answered and q.id != "sector"]
    sector_question = bank.questions.get("sector")
    sectors = []
    for sector, partners in registry.by_sector():
        rows = []
        for partner in partners:
            cells = {f.question: {"answer": answer_text(bank.questions[f.question], f.answer),
                                  "as_of": f.as_of, "ref": cite(f.source_id)}
                     for f in partner.facts}
            rows.append({"partner": partner, "cells": cells})
        sectors.append({
            "id": sector, "rows": rows,
            "label": sector_question.option_label(sector) if sector_question else sector,
            "sector_fact": next((r["cells"]["sector"] for r in rows if "sector" in r["cells"]),
                                None),
            "notes": [note(n.text, n) for n in registry.sector_notes.get(sector, ())],
            "partner_notes": [(p.name, [note(n.text, n) for n in p.notes])
                              for p in partners if p.notes]})
    sources = [(number, registry.sources[key], rulebase.sources.get(registry.cites.get(key, "")))
               for key, number in numbers.items()]
    return {"sectors": sectors, "sources": sources, "columns": columns,
            "count": len(registry.partners), "stale_after": registry.stale_after_years}
