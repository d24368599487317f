"""Wizard views: bind the section form, validate with applicability, save, redirect."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from .. import get_rulebase
from ..extensions import db
from ..models import Assessment
from . import bp
from .forms import EVIDENCE_SUFFIX, NewAssessmentForm, form_data_for, section_form_class
from .registry import (
    NOT_LISTED,
    PARTNER_SECTION,
    apply_partner,
    forget_partner,
    outcome_message,
    registry_groups,
    registry_hints,
    still_prefilled,
)
from .steps import clean_answers, neighbours, steps


def _assessment(assessment_id: int) -> Assessment:
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None:
        abort(404)
    return assessment


@bp.route("/")
def index():
    rulebase = get_rulebase()
    assessments = db.session.scalars(
        db.select(Assessment).order_by(Assessment.updated_at.desc())).all()
    rows = []
    for assessment in assessments:
        sections = steps(rulebase, assessment.answers)
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
    assessment = _assessment(assessment_id)
    sections = steps(get_rulebase(), assessment.answers)
    ids = [s.id for s in sections]
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
    assessment = _assessment(assessment_id)
    section = next((s for s in rulebase.bank.sections if s.id == section_id), None)
    if section is None:
        abort(404)
    stored = clean_answers(rulebase, assessment.answers)
    form_class = section_form_class(section)
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = form_class()
        answers, evidence, errors = read_section(form, rulebase, stored, assessment.evidence or {})
        action = request.form.get("action", "next")
        if action == "prefill" and section.id == PARTNER_SECTION:
            return _pick_partner(assessment, rulebase, answers, evidence)
        if action == "back" or not errors:
            assessment.set_answers(answers, evidence)
            assessment.prefilled = still_prefilled(rulebase.bank, assessment.prefilled, answers)
            assessment.ruleset = rulebase.fingerprint
            if not errors:
                assessment.mark_done(section.id)
            sections = steps(rulebase, answers)
            previous, following = neighbours(sections, section.id)
            target = previous if action == "back" else following
            assessment.current_section = target.id if target else section.id
            db.session.commit()
            if errors:
                flash(f"{len(errors)} answer(s) on “{section.title}” were not saved because "
                      "they need correcting; the rest were saved.", "warning")
            if action == "save":
                flash(f"Saved “{assessment.title}”. Resume it from this list.", "success")
                return redirect(url_for(".index"))
            if action == "back":
                return redirect(url_for(".step", assessment_id=assessment.id,
                                        section_id=(previous or section).id))
            if following is None:
                return redirect(url_for("reports.report", assessment_id=assessment.id))
            return redirect(url_for(".step", assessment_id=assessment.id,
                                    section_id=following.id))
    else:
        form = form_class(data=form_data_for(section, stored, assessment.evidence or {}))
    sections = steps(rulebase, stored)
    ids = [s.id for s in sections]
    position = ids.index(section.id) + 1 if section.id in ids else None
    previous, _ = neighbours(sections, section.id)
    resolution = rulebase.resolver.resolve(stored)
    status = 422 if errors else 200
    registry = rulebase.partners
    return render_template(
        "questionnaire/step.html", assessment=assessment, section=section, form=form,
        errors=errors, position=position, total=len(sections), sections=sections,
        previous=previous, applicable=resolution.applicable, answers=stored,
        prefilled=assessment.prefilled or {},
        hints=registry_hints(registry, rulebase.bank, assessment.partner_id, stored,
                             assessment.prefilled),
        picker=_picker(registry, rulebase, assessment, stored)
        if section.id == PARTNER_SECTION else None), status


def _picker(registry, rulebase, assessment: Assessment, answers: dict[str, Any],
            ) -> dict[str, Any] | None:
    """What the partner page's registry picker shows: groups, the choice, the entry's notes."""
    if registry is None:
        return None
    partner = registry.get(assessment.partner_id)
    chosen = partner.id if partner else (NOT_LISTED if answers.get("partner_name") else "")
    return {"groups": registry_groups(registry, rulebase.bank), "chosen": chosen,
            "not_listed": NOT_LISTED, "partner": partner,
            "sector_notes": registry.sector_notes.get(partner.sector, ()) if partner else (),
            "marked": len(assessment.prefilled or {})}


def _pick_partner(assessment: Assessment, rulebase, answers: dict[str, Any],
                  evidence: dict[str, str]):
    """The picker's own submit: keep what the page holds, then fill in from the registry."""
    choice = request.form.get("registry_partner", "")
    registry = rulebase.partners
    bank = rulebase.bank
    assessment.ruleset = rulebase.fingerprint
    if choice == NOT_LISTED:
        outcome = forget_partner(bank, answers, assessment.prefilled)
        assessment.set_answers(answers, evidence)
        assessment.partner_id, assessment.prefilled = None, {}
        flash(outcome_message(bank, outcome), "success")
    elif registry is None or registry.get(choice) is None:
        assessment.set_answers(answers, evidence)
        assessment.prefilled = still_prefilled(bank, assessment.prefilled, answers)
        flash("Choose a company from the list, or “Not in the registry: enter it by hand”.",
              "warning")
    else:
        filled, marks, outcome = apply_partner(registry, bank, choice, answers,
                                               assessment.prefilled)
        assessment.set_answers(filled, evidence)
        assessment.partner_id, assessment.prefilled = choice, marks
        flash(outcome_message(bank, outcome), "success")
    assessment.current_section = PARTNER_SECTION
    db.session.commit()
    return redirect(url_for(".step", assessment_id=assessment.id, section_id=PARTNER_SECTION))


def read_section(form, rulebase, stored: dict[str, Any], stored_evidence: dict[str, str],
                 ) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """Merge the page's answers into the stored ones; errors are keyed by question id.

    A question that applies must be answered ("don't know" counts where offered). A question
    hidden by show_if needs no answer; whatever it holds is ignored by the engine.
    """
    form.validate()  # runs the length checks of free-text and evidence fields
    section = form.section
    answers = dict(stored)
    evidence = dict(stored_evidence)
    errors: dict[str, str] = {}
    for question in section.questions:
        value, error = form.read_answer(question)
        field_errors = form[question.id].errors
        if error or field_errors:
            errors[question.id] = error or field_errors[0]
        elif value is None:
            answers.pop(question.id, None)
        else:
            answers[question.id] = value
        note_field = form[question.id + EVIDENCE_SUFFIX]
        if note_field.errors:
            errors[question.id] = "The evidence note is too long (2,000 characters at most)."
        else:
            evidence[question.id] = (note_field.data or "").strip()
    applicable = rulebase.resolver.resolve(clean_answers(rulebase, answers)).applicable
    for question in section.questions:
        if question.type == "text" or question.id in errors or question.id in answers:
            continue
        if applicable.get(question.id) is True:
            errors[question.id] = ("Please answer this question, or choose “Don't know”."
                                   if question.unknown else "Please answer this question.")
    order = [q.id for q in section.questions]
    errors = dict(sorted(errors.items(), key=lambda item: order.index(item[0])))
    for qid in errors:
        if qid in stored:
            answers[qid] = stored[qid]
        else:
            answers.pop(qid, None)
    return answers, evidence, errors

