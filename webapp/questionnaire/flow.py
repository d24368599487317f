"""What the wizard does after a save: the changes a page makes, where to go next, and the page
that sets a user's value beside one someone else saved meanwhile."""

from __future__ import annotations

import json

from flask import flash, redirect, render_template, url_for

from ..engine import RuleBase
from ..engine.loading.model import Section
from ..models import Assessment
from ..store import Change, Conflict
from .forms import SectionInput


def section_changes(page: SectionInput) -> dict[str, Change]:
    """The page's own questions as changes (answers needing correction keep their value)."""
    return {q.id: Change(page.answers.get(q.id), page.evidence.get(q.id, ""))
            for q in page.section.questions}


def move(assessment: Assessment, section: Section, action: str, previous: Section | None,
         following: Section | None):
    """Where a saved page leads: the list, the page before, the next one or the report."""
    if action == "save":
        flash(f"Saved “{assessment.title}”. Resume it from this list.", "success")
        return redirect(url_for("questionnaire.index"))
    if action == "back":
        return redirect(url_for("questionnaire.step", assessment_id=assessment.id,
                                section_id=(previous or section).id))
    if following is None:
        return redirect(url_for("reports.report", assessment_id=assessment.id))
    return redirect(url_for("questionnaire.step", assessment_id=assessment.id,
                            section_id=following.id))


def render_conflicts(rulebase: RuleBase, assessment: Assessment, section: Section,
                     conflicts: list[Conflict], action: str):
    """409: the rest of the page was saved; these questions wait for the user's choice."""
    return render_template("questionnaire/conflict.html", assessment=assessment,
                           section=section, conflicts=conflicts,
                           questions=rulebase.bank.questions, action=action,
                           as_json=json.dumps), 409
