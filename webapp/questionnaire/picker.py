"""The partner page's registry picker: what it shows, and its own submit."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for

from ..engine import RuleBase, clean_answers
from ..models import Assessment
from ..store import Change, saving, write
from .flow import render_conflicts, section_changes
from .forms import SectionInput
from .registry import (
    NOT_LISTED,
    PARTNER_SECTION,
    PrefillOutcome,
    apply_partner,
    outcome_message,
    registry_groups,
)


def picker_view(rulebase: RuleBase, assessment: Assessment, answers: dict[str, Any],
                ) -> dict[str, Any] | None:
    """What the registry picker shows: groups, the choice, the entry's notes."""
    registry = rulebase.partners
    if registry is None:
        return None
    partner = registry.get(assessment.partner_id)
    chosen = partner.id if partner else (NOT_LISTED if answers.get("partner_name") else "")
    return {"groups": registry_groups(registry, rulebase.bank), "chosen": chosen,
            "not_listed": NOT_LISTED, "partner": partner,
            "sector_notes": registry.sector_notes.get(partner.sector, ()) if partner else (),
            "marked": len(assessment.prefilled)}


def pick_partner(assessment_id: int, rulebase: RuleBase, page: SectionInput,
                 seen: dict[str, int] | None):
    """Save what the page holds, then fill in from the registry, under one lock, so that the
    registry fills only what is still open when it writes."""
    choice = request.form.get("registry_partner", "")
    with saving(assessment_id) as assessment:
        conflicts = write(assessment, section_changes(page), seen)
        assessment.ruleset = rulebase.fingerprint
        assessment.current_section = PARTNER_SECTION
        if not conflicts:
            _apply_choice(rulebase, assessment, choice)
    if conflicts:
        return render_conflicts(rulebase, assessment, page.section, conflicts, "next")
    return redirect(url_for("questionnaire.step", assessment_id=assessment_id,
                            section_id=PARTNER_SECTION))


def _apply_choice(rulebase: RuleBase, assessment: Assessment, choice: str) -> None:
    registry, bank = rulebase.partners, rulebase.bank
    if choice == NOT_LISTED:  # answers stay, every registry mark goes
        unmarked = list(assessment.prefilled)
        write(assessment, {qid: Change(assessment.answers.get(qid),
                                       assessment.evidence.get(qid, ""), None)
                           for qid in unmarked})
        assessment.partner_id = None
        flash(outcome_message(bank, PrefillOutcome(None, unmarked=unmarked)), "success")
    elif registry is None or registry.get(choice) is None:
        flash("Choose a company from the list, or “Not in the registry: enter it by hand”.",
              "warning")
    else:
        answers = clean_answers(assessment.answers, bank)
        filled, marks, outcome = apply_partner(registry, bank, choice, answers,
                                               assessment.prefilled)
        evidence = assessment.evidence
        write(assessment, {qid: Change(filled.get(qid), evidence.get(qid, ""), marks.get(qid))
                           for qid in set(filled) | set(answers) | set(marks)},
              detail=f"Filled in from the partner registry ({choice}).")
        assessment.partner_id = choice
        flash(outcome_message(bank, outcome), "success")
