"""Which sections a user walks through, given the answers so far."""

from __future__ import annotations

from typing import Any

from ..engine import RuleBase
from ..engine.answers import normalise_value
from ..engine.model import Section


def clean_answers(rulebase: RuleBase, answers: dict[str, Any]) -> dict[str, Any]:
    """Stored answers that still fit the bank (a rules update may have removed some)."""
    clean = {}
    for qid, value in (answers or {}).items():
        question = rulebase.bank.questions.get(qid)
        if question is None:
            continue
        try:
            clean[qid] = normalise_value(question, value)
        except ValueError:
            continue
    return clean


def steps(rulebase: RuleBase, answers: dict[str, Any]) -> list[Section]:
    """Sections that apply (or may apply) given the answers: hidden ones are skipped."""
    resolution = rulebase.resolver.resolve(clean_answers(rulebase, answers))
    return [s for s in rulebase.bank.sections if resolution.sections[s.id] is not False]


def neighbours(sections: list[Section], section_id: str) -> tuple[Section | None, Section | None]:
    ids = [s.id for s in sections]
    if section_id not in ids:
        return None, sections[0] if sections else None
    i = ids.index(section_id)
    return (sections[i - 1] if i > 0 else None,
            sections[i + 1] if i + 1 < len(sections) else None)
