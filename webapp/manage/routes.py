"""Manage views: thin — bind the form, call webapp.assessments / webapp.transfer, save,
redirect or render."""

from __future__ import annotations

import re

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from .. import assessments as service
from ..actionplan.service import actions_of
from ..actions_csv import actions_csv
from ..audit import as_document, events, record
from ..engine import assess, clean_answers
from ..extensions import db, get_rulebase
from ..jsonfile import JsonFileError, parse_json_bytes
from ..models import get_assessment_or_404, visible_team
from ..reports.forms import chosen_weights, report_options_form
from ..store import saving
from ..transfer import ImportRefused, dumps, export_document, read_document
from . import bp
from .forms import ConfirmForm, EditForm, ImportForm


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "assessment"


def _download(text: str, mimetype: str, filename: str) -> Response:
    response = Response(text, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/assessments/<int:assessment_id>/edit", methods=["GET", "POST"])
def edit(assessment_id: int):
    assessment = get_assessment_or_404(assessment_id)
    form = EditForm(obj=assessment)
    if form.validate_on_submit():
        with saving(assessment_id, answers=False) as stored:
            old = {"title": stored.title, "assessor": stored.assessor or "",
                   "summary": stored.summary or ""}
            stored.title = form.title.data.strip()
            stored.assessor = (form.assessor.data or "").strip()
            stored.summary = (form.summary.data or "").strip()
            new = {"title": stored.title, "assessor": stored.assessor,
                   "summary": stored.summary}
            changed = [k for k in old if old[k] != new[k]]
            if changed:
                record(stored, "renamed", old={k: old[k] for k in changed},
                       new={k: new[k] for k in changed})
        flash("Saved.", "success")
        return redirect(url_for("questionnaire.index"))
    return render_template("manage/edit.html", assessment=assessment, form=form), (
        422 if form.errors else 200)


@bp.route("/assessments/<int:assessment_id>/duplicate", methods=["POST"])
def duplicate(assessment_id: int):
    original = get_assessment_or_404(assessment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    copy = service.duplicate(original, get_rulebase(), author_id=current_user.id)
    db.session.commit()
    flash(f"Copied as assessment {copy.id} with every answer. Give it its own title.",
          "success")
    return redirect(url_for(".edit", assessment_id=copy.id))


@bp.route("/assessments/<int:assessment_id>/archive", methods=["POST"])
def archive(assessment_id: int):
    assessment = get_assessment_or_404(assessment_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    restore = request.form.get("restore") == "1"
    (service.unarchive if restore else service.archive)(assessment)
    db.session.commit()
    flash(f"“{assessment.title}” " + ("is back in the list." if restore else
                                      "is archived: see it under “Archived”."), "success")
    return redirect(url_for("questionnaire.index", **({"show": "archived"} if not restore
                                                       else {})))


@bp.route("/assessments/<int:assessment_id>/delete", methods=["GET", "POST"])
def delete(assessment_id: int):
    assessment = get_assessment_or_404(assessment_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        service.trash(assessment)
        db.session.commit()
        flash(f"“{assessment.title}” is in the trash. Restore it from the Trash within "
              f"{service.TRASH_DAYS} days; after that it is deleted for good.", "success")
        return redirect(url_for("questionnaire.index"))
    return render_template("manage/delete.html", assessment=assessment, form=form,
                           days=service.TRASH_DAYS)


@bp.route("/trash")
def trash():
    rows = [{"assessment": a, "purge_after": service.purge_after(a)}
            for a in service.in_trash(visible_team())]
    return render_template("manage/trash.html", rows=rows, form=ConfirmForm(),
                           days=service.TRASH_DAYS)


@bp.route("/trash/<int:assessment_id>/restore", methods=["POST"])
def restore(assessment_id: int):
    assessment = get_assessment_or_404(assessment_id, deleted=True)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    service.untrash(assessment)
    db.session.commit()
    flash(f"“{assessment.title}” is restored.", "success")
    return redirect(url_for("questionnaire.index"))


@bp.route("/assessments/<int:assessment_id>/export.json")
def export(assessment_id: int):
    """The assessment as JSON; with ``?history=1`` its audit trail too (as ``history``)."""
    assessment = get_assessment_or_404(assessment_id)
    with_history = request.args.get("history") == "1"
    history = [as_document(e) for e in events(assessment.id, newest_first=False)] \
        if with_history else None
    text = dumps(export_document(assessment, get_rulebase(), history))
    record(assessment, "exported", detail="With its history." if with_history else "")
    db.session.commit()
    suffix = "-history" if with_history else ""
    return _download(text, "application/json",
                     f"weighbridge-{assessment.id}-{_slug(assessment.title)}{suffix}.json")


@bp.route("/assessments/<int:assessment_id>/actions.csv")
def actions(assessment_id: int):
    rulebase = get_rulebase()
    assessment = get_assessment_or_404(assessment_id)
    form = report_options_form(rulebase, request.args)
    profile, weights = chosen_weights(form, rulebase)
    result = assess(rulebase, clean_answers(assessment.answers, rulebase.bank), profile=profile,
                    weights=weights if not form.form_errors else None)
    adopted = {a.key: a for a in actions_of(assessment.id)}
    text = "\ufeff" + actions_csv(assessment.title, result.to_dict(), rulebase,
                                  adopted)  # BOM: Excel
    return _download(text, "text/csv",
                     f"weighbridge-{assessment.id}-{_slug(assessment.title)}-actions.csv")


@bp.route("/assessments/import", methods=["GET", "POST"])
def import_file():
    form = ImportForm()
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        rulebase = get_rulebase()
        try:
            imported = read_document(parse_json_bytes(upload.read(), upload.filename or "file"),
                                     rulebase)
        except JsonFileError as error:
            problems = [str(error)]
        except ImportRefused as error:
            problems = error.problems
        else:
            assessment = service.create_from(imported, rulebase, team_id=current_user.team_id,
                                             author_id=current_user.id)
            db.session.commit()
            flash(f"Imported as assessment {assessment.id}.", "success")
            if imported.dropped:
                flash("These answers no longer apply under the current rules and were not "
                      "imported: " + "; ".join(imported.dropped), "warning")
            return redirect(url_for("questionnaire.resume", assessment_id=assessment.id))
    status = 422 if form.errors or problems else 200
    return render_template("manage/import.html", form=form, problems=problems), status
