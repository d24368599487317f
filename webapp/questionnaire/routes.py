"""Wizard views: bind the section form, read it, save, redirect or render."""

from __future__ import annotations

import json
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..audit import record
from ..engine import RuleBase, clean_answers
from ..engine.loading.answers import normalise_value
from ..engine.loading.model import Section
from ..engine.qtypes.text import text_problem
from ..extensions import db, get_rulebase
from ..models import Assessment, get_assessment_or_404, visible_team
from ..snapshot import Snapshot, load_snapshot
from ..store import Change, mark_done, record_score, saving, versions_seen, write
from . import bp
from .flow import move, render_conflicts, section_changes
from .forms import NewAssessmentForm, SectionInput, form_data_for, section_form_class
from .fragments import (
    LazyForm,
    filters_renderer,
    picker_renderer,
    question_renderer,
    row_renderer,
    stepper_renderer,
)
from .listing import ListForm, list_rows
from .picker import pick_partner, picker_view
from .registry import PARTNER_SECTION, partner_hints, registry_hints
from .steps import neighbours, section_list, steps


@bp.route("/")
def index():
    form = ListForm(request.args)
    rows = list_rows(get_rulebase(), form, visible_team())
    filtered = bool(request.args)
    return render_template("questionnaire/index.html", rows=rows, form=form, filtered=filtered,
                           list_row=row_renderer(), list_filters=filters_renderer(form, filtered))


@bp.route("/assessments/new", methods=["GET", "POST"])
def new():
    form = NewAssessmentForm()
    if form.validate_on_submit():
        rulebase = get_rulebase()
        assessment = Assessment(title=form.title.data.strip(),
                                assessor=(form.assessor.data or "").strip(),
                                ruleset=rulebase.fingerprint, team_id=current_user.team_id,
                                author_id=current_user.id)
        db.session.add(assessment)
        record_score(assessment)
        record(assessment, "created")
        db.session.commit()
        first = rulebase.bank.sections[0]
        return redirect(url_for(".step", assessment_id=assessment.id, section_id=first.id))
    return render_template("questionnaire/new.html", form=form), 422 if form.errors else 200


@bp.route("/assessments/<int:assessment_id>/")
def resume(assessment_id: int):
    """Back to where the user left off: the current step, else the first not yet done."""
    assessment = get_assessment_or_404(assessment_id)
    rulebase = get_rulebase()
    ids = [s.id for s in steps(rulebase, clean_answers(assessment.answers, rulebase.bank))]
    if assessment.current_section in ids:
        target = assessment.current_section
    else:
        pending = [s for s in ids if s not in assessment.sections_done]
        if not pending:
            return redirect(url_for("reports.report", assessment_id=assessment.id))
        target = pending[0]
    return redirect(url_for(".step", assessment_id=assessment.id, section_id=target))


@bp.route("/assessments/<int:assessment_id>/step/<section_id>", methods=["GET", "POST"])
def step(assessment_id: int, section_id: str):
    rulebase = get_rulebase()
    if request.method == "GET":  # read in plain queries: nothing is written
        return _show_step(rulebase, load_snapshot(assessment_id), section_id)
    assessment = get_assessment_or_404(assessment_id)
    section = rulebase.bank.find_section(section_id) or abort(404)
    stored = clean_answers(assessment.answers, rulebase.bank)
    form = section_form_class(section)()
    page = form.read(stored, assessment.evidence, rulebase.resolver)
    action = request.form.get("action", "next")
    if action == "prefill" and section.id == PARTNER_SECTION:
        return pick_partner(assessment.id, rulebase, page, form.seen_versions())
    if action == "back" or not page.errors:
        return _save_and_move(assessment.id, rulebase, page, action, form.seen_versions())
    return _render_step(rulebase, section, assessment, LazyForm(form=form), stored, page.errors,
                        None, form.seen.data or "")


def _show_step(rulebase: RuleBase, assessment: Snapshot, section_id: str):
    section = rulebase.bank.find_section(section_id) or abort(404)
    stored = clean_answers(assessment.answers, rulebase.bank)
    seen = versions_seen(assessment, [q.id for q in section.questions])
    data = form_data_for(section, stored, assessment.evidence, seen)
    form = LazyForm(lambda: section_form_class(section)(data=data))
    return _render_step(rulebase, section, assessment, form, stored, {}, data)


def _save_and_move(assessment_id: int, rulebase: RuleBase, page: SectionInput, action: str,
                   seen: dict[str, int] | None):
    """Save the page's questions and go on; questions someone else changed meanwhile are not
    overwritten but shown side by side for the user to settle."""
    section = page.section
    with saving(assessment_id) as assessment:
        conflicts = write(assessment, section_changes(page), seen)
        assessment.ruleset = rulebase.fingerprint
        if not page.errors and not conflicts:
            mark_done(assessment, section.id)
        answers = clean_answers(assessment.answers, rulebase.bank)
        previous, following = neighbours(steps(rulebase, answers), section.id)
        target = previous if action == "back" else following
        assessment.current_section = target.id if target else section.id
    if conflicts:
        return render_conflicts(rulebase, assessment, section, conflicts, action)
    if page.errors:
        flash(f"{len(page.errors)} answer(s) on “{section.title}” were not saved because "
              "they need correcting; the rest were saved.", "warning")
    return move(assessment, section, action, previous, following)


@bp.route("/assessments/<int:assessment_id>/step/<section_id>/resolve", methods=["POST"])
def resolve(assessment_id: int, section_id: str):
    """The user's choice between their value and the stored one, per conflicting question."""
    rulebase = get_rulebase()
    assessment = get_assessment_or_404(assessment_id)
    section = rulebase.bank.find_section(section_id) or abort(404)
    changes, seen = {}, {}
    for question in section.questions:
        if request.form.get(f"keep__{question.id}") != "mine":
            continue
        evidence = request.form.get(f"evidence__{question.id}", "")
        try:
            value = json.loads(request.form.get(f"mine__{question.id}", "null"))
            value = None if value is None else normalise_value(question, value)
            seen[question.id] = int(request.form.get(f"version__{question.id}", ""))
        except (ValueError, TypeError, RecursionError):
            abort(400, "The choice posted for a question was not one this page offered.")
        if text_problem(evidence):
            abort(400, "The evidence note posted cannot be stored.")
        changes[question.id] = Change(value, evidence)
    action = request.form.get("action", "next")
    return _save_and_move_changes(assessment.id, rulebase, section, changes, seen, action)


def _save_and_move_changes(assessment_id: int, rulebase: RuleBase, section, changes, seen,
                           action: str):
    with saving(assessment_id) as assessment:
        conflicts = write(assessment, changes, seen)
        answers = clean_answers(assessment.answers, rulebase.bank)
        previous, following = neighbours(steps(rulebase, answers), section.id)
        if not conflicts:
            mark_done(assessment, section.id)
    if conflicts:
        return render_conflicts(rulebase, assessment, section, conflicts, action)
    flash("Your choices were saved.", "success")
    return move(assessment, section, action, previous, following)


def _render_step(rulebase: RuleBase, section: Section, assessment: Assessment | Snapshot,
                 form: LazyForm, answers: dict[str, Any], errors: dict[str, str],
                 data: dict[str, Any] | None, seen: str | None = None):
    """The step page; ``data`` fills the form from the stored answers (None: a post's input,
    whose ``seen`` versions are kept)."""
    sections = steps(rulebase, answers)
    ids = [s.id for s in sections]
    previous, _ = neighbours(sections, section.id)
    registry = rulebase.partners
    hints = registry_hints(registry, rulebase.bank, assessment.partner_id, answers,
                           assessment.prefilled)
    source_hints = partner_hints(registry, assessment.partner_id)
    position = ids.index(section.id) + 1 if section.id in ids else None
    statuses = section_list(rulebase, answers, section.id, assessment.sections_done)
    picker = picker_view(rulebase, assessment, answers) if section.id == PARTNER_SECTION \
        else None
    return render_template(
        "questionnaire/step.html", assessment=assessment, section=section, form=form,
        errors=errors, position=position, total=len(sections), previous=previous,
        answers=answers, picker=picker, seen=data["seen"] if data is not None else seen,
        stepper=stepper_renderer(assessment.id, statuses, position, len(sections)),
        registry_picker=picker_renderer(picker),
        question_block=question_renderer(form, data, errors, assessment.prefilled or {}, hints,
                                         source_hints),
    ), 422 if errors else 200
