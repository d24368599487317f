"""Action plan views: thin — bind the form, call the service, commit, redirect or render."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for

from ..extensions import db, get_rulebase
from ..manage.forms import ConfirmForm
from ..models import get_assessment_or_404
from ..reports.forms import chosen_weights, report_options_form, weights_query
from . import bp, service
from .forms import ActionForm
from .models import Action

KEY = re.compile(r"[0-9a-f]{32}")


@bp.route("/assessments/<int:assessment_id>/actions/adopt", methods=["GET", "POST"])
def adopt(assessment_id: int):
    """Adopt one of the report's conditions, named by its key and found again under the
    report's weights (the query string); GET asks to confirm (the cached report holds links,
    no forms), POST adopts."""
    assessment = get_assessment_or_404(assessment_id)
    key = request.args.get("key", "")
    if not KEY.fullmatch(key):
        abort(404)
    rulebase = get_rulebase()
    options = report_options_form(rulebase, request.args)
    profile, weights = chosen_weights(options, rulebase)
    condition = service.find_condition(rulebase, assessment, key, profile, weights)
    back = weights_query(rulebase)
    if condition is None:
        flash("That condition is no longer in the report (the answers changed): nothing was "
              "adopted.", "warning")
        return redirect(url_for("reports.report", assessment_id=assessment.id, **back))
    form = ConfirmForm()
    if not form.validate_on_submit():
        existing = service.adopted(assessment.id, key)
        return render_template("actionplan/adopt.html", assessment=assessment,
                               condition=condition, form=form, existing=existing, back=back)
    action, new = service.adopt(assessment, condition)
    db.session.commit()
    flash("Adopted as an action: give it an owner and a due date." if new else
          "This condition is already an action.", "success")
    return redirect(url_for(".actions", assessment_id=assessment.id, _anchor=f"action-{action.id}"))


def _form(action: Action, formdata=None) -> ActionForm:
    return ActionForm(formdata=formdata, obj=action if formdata is None else None,
                      prefix=f"a{action.id}")


@bp.route("/assessments/<int:assessment_id>/actions")
def actions(assessment_id: int):
    assessment = get_assessment_or_404(assessment_id)
    rows = service.actions_of(assessment.id)
    return _render(assessment, rows, {a.id: _form(a) for a in rows})


def _render(assessment, rows, forms, status: int = 200):
    rulebase = get_rulebase()
    pending = {a.id: service.answers_to_apply(rulebase, assessment, a) for a in rows}
    return render_template("actionplan/actions.html", assessment=assessment, rows=rows,
                           forms=forms, pending=pending,
                           questions=rulebase.bank.questions), status


@bp.route("/assessments/<int:assessment_id>/actions/<int:action_id>", methods=["POST"])
def update(assessment_id: int, action_id: int):
    assessment = get_assessment_or_404(assessment_id)
    action = _action_or_404(assessment.id, action_id)
    form = _form(action, request.form)
    if not form.validate_on_submit():
        rows = service.actions_of(assessment.id)
        forms = {a.id: (form if a.id == action.id else _form(a)) for a in rows}
        return _render(assessment, rows, forms, 422)
    changed = service.update(assessment, action, form.values())
    db.session.commit()
    if action.status == "done" and service.answers_to_apply(get_rulebase(), assessment, action):
        return redirect(url_for(".apply", assessment_id=assessment.id, action_id=action.id))
    flash("Saved." if changed else "Nothing changed.", "success")
    return redirect(url_for(".actions", assessment_id=assessment.id, _anchor=f"action-{action.id}"))


@bp.route("/assessments/<int:assessment_id>/actions/<int:action_id>/apply",
          methods=["GET", "POST"])
def apply(assessment_id: int, action_id: int):
    """Confirm, then record the answers that show a done action in place."""
    assessment = get_assessment_or_404(assessment_id)
    action = _action_or_404(assessment.id, action_id)
    rulebase = get_rulebase()
    form = ConfirmForm()
    if action.status != "done":
        flash("Mark the action done first.", "warning")
        return redirect(url_for(".actions", assessment_id=assessment.id))
    if form.validate_on_submit():
        target, count = service.apply_done(rulebase, assessment.id, action.id)
        if target != assessment.id:
            flash(f"This assessment is {assessment.status}, so its answers stay as they were: "
                  f"{count} answer(s) were set in a new draft version, assessment {target}.",
                  "success")
        else:
            flash(f"{count} answer(s) set to show the action in place; see the History."
                  if count else "The answers already show it in place.", "success")
        return redirect(url_for("reports.report", assessment_id=target))
    pending = service.answers_to_apply(rulebase, assessment, action)
    return render_template("actionplan/apply.html", assessment=assessment, action=action,
                           pending=pending, form=form,
                           questions=rulebase.bank.questions)


def _action_or_404(assessment_id: int, action_id: int) -> Action:
    action = db.session.get(Action, action_id) if 0 < action_id <= 2**31 - 1 else None
    if action is None or action.assessment_id != assessment_id:
        abort(404)
    return action
