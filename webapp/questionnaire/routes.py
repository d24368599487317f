"""Wizard views: bind the section form, read it, save, redirect or render."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from ..engine import RuleBase, clean_answers
from ..extensions import db, get_rulebase
from ..models import Assessment, get_assessment_or_404
from . import bp
from .forms import NewAssessmentForm, SectionInput, form_data_for, section_form_class
from .registry import (
    NOT_LISTED,
    PARTNER_SECTION,
    apply_partner,
    forget_partner,
    outcome_message,
    partner_hints,
    registry_groups,
    registry_hints,
    still_prefilled,
)
from .steps import neighbours, section_list, steps


@bp.route("/")
def index():
    rulebase = get_rulebase()
    assessments = db.session.scalars(
        db.select(Assessment).order_by(Assessment.updated_at.desc())).all()
    rows = []
    for assessment in assessments:
        sections = steps(rulebase, clean_answers(assessment.answers, rulebase.bank))
        done = sum(1 for s in sections if s.id in (assessment.sections_done or []))
        rows.append({"assessment": assessment, "done": done, "total": len(sections)})
    return render_template("questionnaire/index.html", rows=rows)


@bp.route("/assessments/new", methods=["GET", "POST"])
def new():
    form = NewAssessmentForm()
    if form.validate_on_submit():
        rulebase = get_rulebase()
        assessment = Assessment(title=form.title.data.strip(),
                                assessor=(form.assessor.data or "").strip(),
                                answers={}, evidence={}, prefilled={}, sections_done=[],
                                ruleset=rulebase.fingerprint)
        db.session.add(assessment)
        db.session.commit()
        first = rulebase.bank.sections[0]
        return redirect(url_for(".step", assessment_id=assessment.id, section_id=first.id))
    return render_template("questionnaire/new.html", form=form)


@bp.route("/assessments/<int:assessment_id>/")
def resume(assessment_id: int):
    """Back to where the user left off: the current step, else the first not yet done."""
    assessment = get_assessment_or_404(assessment_id)
    rulebase = get_rulebase()
    ids = [s.id for s in steps(rulebase, clean_answers(assessment.answers, rulebase.bank))]
    if assessment.current_section in ids:
        target = assessment.current_section
    else:
        pending = [s for s in ids if s not in (assessment.sections_done or [])]
        if not pending:
            return redirect(url_for("reports.report", assessment_id=assessment.id))
        target = pending[0]
    return redirect(url_for(".step", assessment_id=assessment.id, section_id=target))


@bp.route("/assessments/<int:assessment_id>/step/<section_id>", methods=["GET", "POST"])
def step(assessment_id: int, section_id: str):
    rulebase = get_rulebase()
    assessment = get_assessment_or_404(assessment_id)
    section = rulebase.bank.find_section(section_id) or abort(404)
    stored = clean_answers(assessment.answers, rulebase.bank)
    form_class = section_form_class(section)
    if request.method == "GET":
        form = form_class(data=form_data_for(section, stored, assessment.evidence or {}))
        return _render_step(rulebase, assessment, form, stored, {})
    form = form_class()
    page = form.read(stored, assessment.evidence or {}, rulebase.resolver)
    action = request.form.get("action", "next")
    if action == "prefill" and section.id == PARTNER_SECTION:
        return _pick_partner(assessment, rulebase, page)
    if action == "back" or not page.errors:
        return _save_and_move(assessment, rulebase, page, action)
    return _render_step(rulebase, assessment, form, stored, page.errors)


def _save_and_move(assessment: Assessment, rulebase: RuleBase, page: SectionInput,
                   action: str):
    """Save the page (the answers that need correcting keep their old value) and go on."""
    section = page.section
    assessment.set_answers(page.answers, page.evidence)
    assessment.prefilled = still_prefilled(rulebase.bank, assessment.prefilled, page.answers)
    assessment.ruleset = rulebase.fingerprint
    if not page.errors:
        assessment.mark_done(section.id)
    previous, following = neighbours(steps(rulebase, page.answers), section.id)
    target = previous if action == "back" else following
    assessment.current_section = target.id if target else section.id
    db.session.commit()
    if page.errors:
        flash(f"{len(page.errors)} answer(s) on “{section.title}” were not saved because "
              "they need correcting; the rest were saved.", "warning")
    if action == "save":
        flash(f"Saved “{assessment.title}”. Resume it from this list.", "success")
        return redirect(url_for(".index"))
    if action == "back":
        return redirect(url_for(".step", assessment_id=assessment.id,
                                section_id=(previous or section).id))
    if following is None:
        return redirect(url_for("reports.report", assessment_id=assessment.id))
    return redirect(url_for(".step", assessment_id=assessment.id, section_id=following.id))


def _render_step(rulebase: RuleBase, assessment: Assessment, form, answers: dict[str, Any],
                 errors: dict[str, str]):
    section = form.section
    sections = steps(rulebase, answers)
    ids = [s.id for s in sections]
    previous, _ = neighbours(sections, section.id)
    registry = rulebase.partners
    return render_template(
        "questionnaire/step.html", assessment=assessment, section=section, form=form,
        errors=errors, position=ids.index(section.id) + 1 if section.id in ids else None,
        total=len(sections), previous=previous, answers=answers,
        statuses=section_list(rulebase, answers, section.id, assessment.sections_done or []),
        prefilled=assessment.prefilled or {},
        hints=registry_hints(registry, rulebase.bank, assessment.partner_id, answers,
                             assessment.prefilled),
        source_hints=partner_hints(registry, assessment.partner_id),
        picker=_picker(rulebase, assessment, answers) if section.id == PARTNER_SECTION else None,
    ), 422 if errors else 200


def _picker(rulebase: RuleBase, assessment: Assessment, answers: dict[str, Any],
            ) -> dict[str, Any] | None:
    """What the partner page's registry picker shows: groups, the choice, the entry's notes."""
    registry = rulebase.partners
    if registry is None:
        return None
    partner = registry.get(assessment.partner_id)
    chosen = partner.id if partner else (NOT_LISTED if answers.get("partner_name") else "")
    return {"groups": registry_groups(registry, rulebase.bank), "chosen": chosen,
            "not_listed": NOT_LISTED, "partner": partner,
            "sector_notes": registry.sector_notes.get(partner.sector, ()) if partner else (),
            "marked": len(assessment.prefilled or {})}


def _pick_partner(assessment: Assessment, rulebase: RuleBase, page: SectionInput):
    """The picker's own submit: keep what the page holds, then fill in from the registry."""
    choice = request.form.get("registry_partner", "")
    registry = rulebase.partners
    bank = rulebase.bank
    assessment.ruleset = rulebase.fingerprint
    if choice == NOT_LISTED:
        outcome = forget_partner(bank, page.answers, assessment.prefilled)
        assessment.set_answers(page.answers, page.evidence)
        assessment.partner_id, assessment.prefilled = None, {}
        flash(outcome_message(bank, outcome), "success")
    elif registry is None or registry.get(choice) is None:
        assessment.set_answers(page.answers, page.evidence)
        assessment.prefilled = still_prefilled(bank, assessment.prefilled, page.answers)
        flash("Choose a company from the list, or “Not in the registry: enter it by hand”.",
              "warning")
    else:
        filled, marks, outcome = apply_partner(registry, bank, choice, page.answers,
                                               assessment.prefilled)
        assessment.set_answers(filled, page.evidence)
        assessment.partner_id, assessment.prefilled = choice, marks
        flash(outcome_message(bank, outcome), "success")
    assessment.current_section = PARTNER_SECTION
    db.session.commit()
    return redirect(url_for(".step", assessment_id=assessment.id, section_id=PARTNER_SECTION))
