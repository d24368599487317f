"""Pre-filling answers from the partner registry, and keeping the "from the registry" marks
honest: a mark stays only while the answer is still the one the registry gave.

Plain functions over dicts (no Flask), so the views stay thin and the rules are tested directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..engine.core.values import is_unknown
from ..engine.describe import answer_text
from ..engine.loading.answers import normalise_value
from ..engine.loading.model import QuestionBank
from ..engine.loading.partners import Partner, Registry

#: The wizard page that carries the registry picker.
PARTNER_SECTION = "partner"
#: The picker's value for "Not in the registry: enter it by hand".
NOT_LISTED = "__not_listed__"


@dataclass
class PrefillOutcome:
    """What picking a partner did, for the message shown to the user."""

    partner: Partner | None
    filled: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    cleared: list[str] = field(default_factory=list)
    unmarked: list[str] = field(default_factory=list)


def same_answer(bank: QuestionBank, qid: str, left: Any, right: Any) -> bool:
    """Whether two stored answers to a question mean the same (list order aside)."""
    question = bank.questions.get(qid)
    if question is None or left is None or right is None:
        return False
    try:
        return normalise_value(question, left) == normalise_value(question, right)
    except ValueError:
        return False


def still_prefilled(bank: QuestionBank, prefilled: dict[str, Any] | None,
                    answers: dict[str, Any]) -> dict[str, Any]:
    """The marks whose answer is unchanged; a changed or removed answer loses its mark."""
    return {qid: mark for qid, mark in (prefilled or {}).items()
            if isinstance(mark, dict) and same_answer(bank, qid, answers.get(qid),
                                                      mark.get("answer"))}


def apply_partner(registry: Registry, bank: QuestionBank, partner_id: str,
                  answers: dict[str, Any], prefilled: dict[str, Any] | None,
                  ) -> tuple[dict[str, Any], dict[str, Any], PrefillOutcome]:
    """Fill in what the registry supports for a partner.

    Overwrites only questions that are unanswered (or "don't know") and answers still as an
    earlier pick left them; the user's own answers are kept. Answers a previous pick filled in
    that this partner's entry does not support are cleared: they were about another company.
    """
    partner = registry.get(partner_id)
    outcome = PrefillOutcome(partner)
    if partner is None:
        return dict(answers), dict(prefilled or {}), outcome
    fill = registry.prefill(partner.id)
    marks = still_prefilled(bank, prefilled, answers)
    result = dict(answers)
    for qid in marks:
        if qid not in fill:
            result.pop(qid, None)
            outcome.cleared.append(qid)
    new_marks: dict[str, Any] = {}
    for qid, (value, source, as_of) in fill.items():
        current = answers.get(qid)
        if not (is_unknown(current) or qid in marks or same_answer(bank, qid, current, value)):
            outcome.kept.append(qid)
            continue
        result[qid] = value
        new_marks[qid] = {"partner": partner.name, "source": source, "as_of": as_of,
                          "answer": value}
        outcome.filled.append(qid)
    return result, new_marks, outcome


def forget_partner(bank: QuestionBank, answers: dict[str, Any],
                   prefilled: dict[str, Any] | None) -> PrefillOutcome:
    """"Not in the registry": answers stay, every registry mark goes (reported as unmarked)."""
    return PrefillOutcome(None, unmarked=list(still_prefilled(bank, prefilled, answers)))


def _answers(count: int) -> str:
    return f"{count} answer" + ("" if count == 1 else "s")


def _questions(bank: QuestionBank, qids: list[str]) -> str:
    return "; ".join(f"“{bank.questions[q].text.rstrip('?.')}”" for q in qids)


def outcome_message(bank: QuestionBank, outcome: PrefillOutcome) -> str:
    """One flash message saying what was filled, kept and cleared, and that it can change."""
    if outcome.partner is None:
        if not outcome.unmarked:
            return "The partner is entered by hand: answer the questions below."
        return (f"The partner is entered by hand. {_answers(len(outcome.unmarked))} filled in "
                "from the registry are kept but no longer marked as coming from it: check them.")
    parts = [f"Filled in {_answers(len(outcome.filled))} from the registry entry for "
             f"{outcome.partner.name}, on this page and later ones; each is marked with its "
             "source and date. You can change any of them."]
    if outcome.kept:
        own = "answer" if len(outcome.kept) == 1 else "answers"
        parts.append(f"Kept your own {own} to {_questions(bank, outcome.kept)}, where "
                     "the registry says otherwise.")
    if outcome.cleared:
        parts.append(f"Cleared {_answers(len(outcome.cleared))} that came from the previous "
                     "registry entry and do not hold for this company.")
    return " ".join(parts)


def registry_groups(registry: Registry | None, bank: QuestionBank,
                    ) -> list[tuple[str, list[tuple[str, str]]]]:
    """The picker's option groups: sector label and (id, name) of its companies."""
    if registry is None:
        return []
    sector = bank.questions.get("sector")
    label = sector.option_label if sector is not None else str
    return [(label(s), [(p.id, p.name) for p in partners])
            for s, partners in registry.by_sector() if partners]


def registry_hints(registry: Registry | None, bank: QuestionBank, partner_id: str | None,
                   answers: dict[str, Any], prefilled: dict[str, Any] | None,
                   ) -> dict[str, dict[str, str]]:
    """Where the chosen partner's registry entry says something else than the answer given."""
    partner = registry.get(partner_id) if registry is not None else None
    if partner is None:
        return {}
    hints = {}
    for qid, (value, source, as_of) in registry.prefill(partner.id).items():
        given = answers.get(qid)
        if qid in (prefilled or {}) or given is None or same_answer(bank, qid, given, value):
            continue
        hints[qid] = {"partner": partner.name, "answer": answer_text(bank.questions[qid], value),
                      "source": source, "as_of": as_of}
    return hints


def partner_hints(registry: Registry | None, partner_id: str | None) -> dict[str, dict[str, str]]:
    """What the chosen partner's sources say about questions they leave unanswered."""
    partner = registry.get(partner_id) if registry is not None else None
    if partner is None:
        return {}
    return {h.question: {"partner": partner.name, "text": h.text, "source": h.source,
                         "as_of": h.as_of} for h in partner.hints}
