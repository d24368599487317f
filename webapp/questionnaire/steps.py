"""Which sections a user walks through, given the answers so far."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..engine import RuleBase
from ..engine.core.values import Truth
from ..engine.loading.model import Section
from ..pagecache import LRU

#: Section applicability by the answers that decide it (few questions: a handful of distinct
#: sets in practice), per rule set.
_APPLICABILITY = LRU(512)


def section_applicability(rulebase: RuleBase, answers: dict[str, Any]) -> dict[str, Truth]:
    """Whether each section applies. Only the answers that decide some applicability (the
    questions a show_if reads) matter, so it is resolved once per distinct set of them."""
    deciding = {qid: answers[qid] for qid in sorted(rulebase.controllers) if qid in answers}
    key = (rulebase.fingerprint, json.dumps(deciding, sort_keys=True, default=str))
    sections = _APPLICABILITY.get(key)
    if sections is None:
        sections = rulebase.resolver.resolve(deciding).sections
        _APPLICABILITY.set(key, sections)
    return sections


@dataclass
class SectionStatus:
    """A section as the wizard's list shows it."""

    section: Section
    state: str  # "current", "done", "todo", "not_applicable"
    may_apply: bool  # applicability depends on an answer not given yet


def section_list(rulebase: RuleBase, answers: dict[str, Any], current: str,
                 done: list[str]) -> list[SectionStatus]:
    """Every section, with whether it is done, the current one, to do, or not applicable, so
    that a section an answer hides stays visible (and explained) instead of vanishing."""
    applicability = section_applicability(rulebase, answers)
    statuses = []
    for section in rulebase.bank.sections:
        applies = applicability[section.id]
        if section.id == current:
            state = "current"
        elif applies is False:
            state = "not_applicable"
        elif section.id in done:
            state = "done"
        else:
            state = "todo"
        statuses.append(SectionStatus(section, state, applies is None))
    return statuses


def steps(rulebase: RuleBase, answers: dict[str, Any]) -> list[Section]:
    """Sections that apply (or may apply) given the (clean) answers: hidden ones are skipped."""
    applicability = section_applicability(rulebase, answers)
    return [s for s in rulebase.bank.sections if applicability[s.id] is not False]


def neighbours(sections: list[Section], section_id: str) -> tuple[Section | None, Section | None]:
    ids = [s.id for s in sections]
    if section_id not in ids:
        return None, sections[0] if sections else None
    i = ids.index(section_id)
    return (sections[i - 1] if i > 0 else None,
            sections[i + 1] if i + 1 < len(sections) else None)
