"""Which sections a user walks through, given the answers so far."""

from __future__ import annotations

from typing import Any

from ..engine import RuleBase
from ..engine.loading.model import Section


def steps(rulebase: RuleBase, answers: dict[str, Any]) -> list[Section]:
    """Sections that apply (or may apply) given the (clean) answers: hidden ones are skipped."""
    resolution = rulebase.resolver.resolve(answers)
    return [s for s in rulebase.bank.sections if resolution.sections[s.id] is not False]


def neighbours(sections: list[Section], section_id: str) -> tuple[Section | None, Section | None]:
    ids = [s.id for s in sections]
    if section_id not in ids:
        return None, sections[0] if sections else None
    i = ids.index(section_id)
    return (sections[i - 1] if i > 0 else None,
            sections[i + 1] if i + 1 < len(sections) else None)
