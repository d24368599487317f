"""Report views: score the stored answers with the chosen weights and render the report.

A report is rendered once for what it shows and served again from a small per-process cache
(or answered 304 when the browser's copy is current): the key covers the stored assessment
(every answer, evidence note, registry mark, the title, the sections done), the query string
(profile and weights), the rule set, the app's templates and version, and the day (registry
facts age). "Generated" on the page is when that render was made.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from datetime import UTC, datetime
from typing import Any

from flask import Response, abort, current_app, render_template, request, url_for
from markupsafe import Markup

from .. import __version__
from ..actionplan.service import cache_key as action_key
from ..actionplan.service import condition_key
from ..engine import RuleBase, WeightsError, assess, clean_answers
from ..engine.describe import answer_text
from ..extensions import get_build, get_rulebase
from ..pagecache import LRU, cached, fingerprint, session_key
from ..snapshot import Snapshot, load_snapshot
from . import bp
from .answers_shown import AnswersShown
from .charts import chart
from .decision import decide
from .forms import chosen_weights, report_options_form
from .pdf import html_to_pdf, pdf_unavailable
from .sensitivity_chart import sensitivity_chart
from .view import finding_groups

#: Rendered reports per worker: a repeat view of an unchanged report is not computed again.
REPORT_PAGES = LRU(64)


@bp.route("/assessments/<int:assessment_id>/report")
def report(assessment_id: int):
    assessment = load_snapshot(assessment_id)
    if assessment.status == "approved":
        return approved_report(assessment)
    actions = assessment.actions
    key = fingerprint(get_build(), dt.date.today().isoformat(), assessment.content(),
                      sorted(request.args.items(multi=True)), pdf_unavailable(),
                      session_key(), action_key(actions))
    return cached(REPORT_PAGES, key, lambda: render_report(assessment, actions=actions),
                  etag=key, weak=True)


@bp.route("/assessments/<int:assessment_id>/report.pdf")
def report_pdf(assessment_id: int):
    """The same report as a PDF (WeasyPrint), with the weights the query string asks for."""
    problem = pdf_unavailable()
    if problem:
        abort(503, problem)
    assessment = load_snapshot(assessment_id)
    if assessment.status == "approved":
        pdf = approved_pdf(assessment)
    else:
        html, _ = render_report(assessment, pdf=True,
                                appendices=request.args.get("appendices") != "0",
                                actions=assessment.actions)
        pdf = html_to_pdf(html, current_app.static_folder or "")
    response = Response(pdf, mimetype="application/pdf")
    name = re.sub(r"[^a-z0-9]+", "-", assessment.title.lower()).strip("-")[:40] or "report"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="weighbridge-{assessment.id}-{name}.pdf"')
    return response


@bp.route("/assessments/<int:assessment_id>/report.json")
def report_json(assessment_id: int):
    """The result as JSON (what ``weighbridge assess`` prints); an approved assessment's is
    the one frozen at approval."""
    from ..review.service import approval_of

    assessment = load_snapshot(assessment_id)
    approval = approval_of(assessment.id) if assessment.status == "approved" else None
    if approval is not None:
        text = approval.result_json
    else:
        rulebase = get_rulebase()
        form = report_options_form(rulebase, request.args)
        profile, weights = chosen_weights(form, rulebase)
        try:
            result = assess(rulebase, clean_answers(assessment.answers, rulebase.bank),
                            profile=profile, weights=weights)
        except WeightsError as error:
            abort(400, str(error))
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)
    response = Response(text, mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="weighbridge-{assessment.id}-result.json"')
    return response


def approved_report(assessment: Snapshot):
    """The approved report: the frozen article in today's page (header, review box)."""
    from ..review.service import approval_of, approved_body

    approval = approval_of(assessment.id) or abort(404)
    return render_template("reports/approved.html", assessment=assessment, approval=approval,
                           body=Markup(approved_body(approval)))  # our own render, escaped


def approved_pdf(assessment: Snapshot) -> bytes:
    from ..review.service import approval_of

    approval = approval_of(assessment.id) or abort(404)
    if approval.report_pdf is None:  # approved where Pango was missing: made now, kept
        from ..extensions import db

        approval.report_pdf = html_to_pdf(approval.report_html, current_app.static_folder or "")
        db.session.commit()
    return approval.report_pdf


def render_report(assessment: Any, pdf: bool = False, appendices: bool = True,
                  actions: list | None = None) -> tuple[str, int]:
    """The report of the stored answers with the weights the query string asks for; with
    ``pdf`` the page made for WeasyPrint (no links to stylesheets or scripts), without the
    findings' and answers' appendices unless ``appendices``."""
    rulebase = get_rulebase()
    form = report_options_form(rulebase, request.args)
    profile, weights = chosen_weights(form, rulebase)
    answers = clean_answers(assessment.answers, rulebase.bank)
    try:
        result = assess(rulebase, answers, profile=profile, weights=weights)
    except WeightsError as error:
        form.form_errors.append(str(error))
        result = assess(rulebase, answers, profile=profile)
    html = render_template("reports/report.html",
                           **report_context(rulebase, assessment, answers, result, pdf,
                                            appendices, actions or []),
                           form=form, pdf_problem=pdf_unavailable(),
                           rules_changed=bool(getattr(assessment, "ruleset", "")) and
                           assessment.ruleset != rulebase.fingerprint)
    return html, 400 if form.errors or form.form_errors else 200


def report_context(rulebase: RuleBase, assessment: Any, answers: dict[str, Any], result,
                   pdf: bool, appendices: bool = True,
                   actions: list | None = None) -> dict[str, Any]:
    """What the report template shows, for the web page, its PDF and the CLI's PDF."""
    actions = actions or []
    return dict(
        actions=actions, adopted={a.key: a for a in actions}, condition_key=condition_key,
        assessment=assessment, result=result, pdf=pdf, appendices=appendices,
        decision=decide(result, rulebase, answers),
        chart=chart(result, rulebase),
        sens_chart=sensitivity_chart(result.analysis.sensitivity.weights, rulebase),
        answered=AnswersShown(rulebase, assessment, answers, result),
        registry_facts=registry_facts(rulebase, assessment, answers),
        cited_sources=cited_sources(rulebase, assessment, result),
        method_url=url_for("reports.method", _external=True),
        rulebase=rulebase, version=__version__, generated=datetime.now(UTC),
        **finding_groups(result))


def registry_facts(rulebase: RuleBase, assessment: Snapshot,
                   answers: dict[str, Any]) -> list[dict[str, str]]:
    """The answers that still hold as the partner registry gave them, for the method note."""
    questions = rulebase.bank.questions
    facts = []
    for qid, mark in (assessment.prefilled or {}).items():
        if qid in questions and qid in answers:
            facts.append({"question": questions[qid].text.split("?")[0].rstrip(".:"),
                          "answer": answer_text(questions[qid], answers[qid]),
                          "partner": mark.get("partner", ""), "as_of": mark.get("as_of", "")})
    return facts


def cited_sources(rulebase: RuleBase, assessment: Snapshot, result) -> list:
    """The bibliography entries the findings shown cite, and those of the registry's facts."""
    ids = [sid for f in result.findings for sid in f.sources]
    registry = rulebase.partners
    partner = registry.get(assessment.partner_id) if registry is not None else None
    if partner is not None:
        ids += [registry.cites.get(f.source_id, "") for f in partner.facts
                if f.question in (assessment.prefilled or {})]
    seen = dict.fromkeys(sid for sid in ids if sid in rulebase.sources)
    return [rulebase.sources[sid] for sid in rulebase.sources if sid in seen]
