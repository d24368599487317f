"""Comparison views: thin — bind the form, call the service and the engine, render."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for

from .. import __version__
from ..engine import RuleBase, WeightsError, clean_answers
from ..engine.compare import MAX_ALTERNATIVES, Comparison, compare, ranking_sentences
from ..extensions import db, get_rulebase
from ..models import get_assessment_or_404
from ..reports.forms import chosen_weights, report_options_form
from ..reports.pdf import html_to_pdf, pdf_unavailable
from . import bp, service
from .chart import comparison_chart
from .forms import AlternativeForm


@bp.route("/assessments/<int:assessment_id>/alternative", methods=["GET", "POST"])
def add_alternative(assessment_id: int):
    original = get_assessment_or_404(assessment_id)
    comparison = (db.session.get(service.Comparison, original.comparison_id)
                  if original.comparison_id else None)
    count = len(service.alternative_ids(comparison.id)) if comparison else 1
    form = AlternativeForm()
    if request.method == "GET":
        form.original_name.data = original.alternative_name or original.title
        form.comparison_name.data = comparison.name if comparison else original.title
    problem = None
    if form.validate_on_submit():
        try:
            added = service.add_alternative(
                original, get_rulebase(), form.name.data.strip(),
                comparison_name=(form.comparison_name.data or "").strip(),
                original_name=(form.original_name.data or "").strip(),
                doing_nothing=form.start.data == "nothing")
        except service.TooManyAlternatives as error:
            db.session.rollback()
            problem = str(error)
        else:
            db.session.commit()
            message = (f"“{added.copy.alternative_name}” is added to “{added.comparison.name}” "
                       f"as assessment {added.copy.id}.")
            if form.start.data == "nothing":
                message += (" The answers about a new system are filled in for doing nothing; "
                            "answer the partner section for what you keep using (the question "
                            "bank has no answer for “no supplier”).")
            else:
                message += " Change the answers in which it differs."
            flash(message, "success")
            return redirect(url_for("questionnaire.resume", assessment_id=added.copy.id))
    status = 422 if form.errors or problem else 200
    return render_template("comparisons/add.html", assessment=original, comparison=comparison,
                           count=count, full=count >= MAX_ALTERNATIVES, form=form,
                           problem=problem), status


@bp.route("/comparisons")
def index():
    return render_template("comparisons/index.html", rows=service.all_comparisons())


@bp.route("/comparisons/<int:comparison_id>")
def show(comparison_id: int):
    html, status = render_comparison(comparison_id)
    return html, status


@bp.route("/comparisons/<int:comparison_id>.pdf")
def show_pdf(comparison_id: int):
    problem = pdf_unavailable()
    if problem:
        abort(503, problem)
    html, status = render_comparison(comparison_id, pdf=True)
    if status == 409:
        abort(409, "A comparison needs at least two alternatives before it can be printed.")
    comparison = service.comparison_or_404(comparison_id)
    response = Response(html_to_pdf(html, current_app.static_folder or ""),
                        mimetype="application/pdf")
    name = re.sub(r"[^a-z0-9]+", "-", comparison.name.lower()).strip("-")[:40] or "comparison"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="weighbridge-comparison-{comparison.id}-{name}.pdf"')
    return response


def render_comparison(comparison_id: int, pdf: bool = False) -> tuple[str, int]:
    """The compare page (or the page made for its PDF) with the weights the query asks for."""
    comparison = service.comparison_or_404(comparison_id)
    rulebase = get_rulebase()
    form = report_options_form(rulebase, request.args)
    profile, weights = chosen_weights(form, rulebase)
    stored = service.alternatives_of(comparison.id)
    shown = stored[:MAX_ALTERNATIVES]
    result = None
    if len(shown) >= 2:
        pairs = [(service.name_of(a), clean_answers(a.answers, rulebase.bank)) for a in shown]
        try:
            result = compare(rulebase, pairs, profile=profile, weights=weights)
        except WeightsError as error:
            form.form_errors.append(str(error))
            result = compare(rulebase, pairs, profile=profile)
    html = render_template("comparisons/compare.html", **comparison_context(
        rulebase, comparison, shown, result, pdf, stored=len(stored)), form=form)
    if result is None:
        return html, 409 if pdf else 200
    return html, 400 if form.errors or form.form_errors else 200


def comparison_context(rulebase: RuleBase, comparison: Any, shown: Sequence[Any],
                       result: Comparison | None, pdf: bool,
                       stored: int | None = None) -> dict[str, Any]:
    """What the compare template shows, for the page, its PDF and the command line's PDF.
    ``comparison`` has an id and a name; each of ``shown`` an id (a number links to its
    report) in the order of the result's alternatives."""
    context: dict[str, Any] = dict(
        comparison=comparison, shown=shown, stored_count=stored or len(shown), pdf=pdf,
        rulebase=rulebase, version=__version__, generated=datetime.now(UTC),
        pdf_problem=pdf_unavailable(), result=result, data=None, chart=None,
        assessment=None, ranking_notes=[], alt_links={})
    if result is not None:
        context.update(
            data=result.to_dict(), chart=comparison_chart(result, rulebase),
            ranking_notes=ranking_sentences(
                result, {p.id: p.name for p in rulebase.profiles.values()}),
            alt_links=dict(zip([a.name for a in result.alternatives], shown, strict=True)))
    return context
