"""The portfolio pages: upload and list, one portfolio's table and chart, its progress as
JSON for the poller, opening a project as an assessment, and the downloads."""

from __future__ import annotations

import re
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from .. import assessments
from ..extensions import db, get_rulebase
from ..manage.forms import ConfirmForm
from ..models import MAX_ID, may_see
from ..transfer import Imported
from . import bp, service
from .chart import portfolio_chart
from .forms import filter_form, upload_form
from .models import DONE, Portfolio, Project, get_portfolio_or_404

#: The table's sortable columns: (key, heading, sort key of a project).
COLUMNS: list[tuple[str, str, Any]] = [
    ("row", "Row", lambda p: p.row),
    ("project", "Project", lambda p: (p.title.lower(), p.project_id)),
    ("verdict", "Verdict", lambda p: (_VERDICTS.index(p.verdict), p.balance)),
    ("balance", "Balance", lambda p: p.balance),
    ("interval", "Interval", lambda p: (p.interval_high - p.interval_low, p.balance)),
    ("concern", "Top concern", lambda p: (p.top_concern or "~", p.balance)),
]
_VERDICTS = ["proceed", "proceed_with_conditions", "escalate", "do_not_proceed"]
#: The table shows at most this many projects (filter, or download the summary, for more).
MAX_SHOWN = 500


@bp.route("/portfolio", methods=["GET", "POST"])
def index():
    """Upload a portfolio; the portfolios screened so far."""
    rulebase = get_rulebase()
    form = upload_form(rulebase)
    problems: list[str] = []
    if form.validate_on_submit():
        upload = form.file.data
        name = upload.filename or "portfolio.csv"
        try:
            portfolio = service.store_upload(upload.read(), name, form.profile.data, rulebase,
                                             team_id=current_user.team_id)
        except service.FileRefused as error:
            db.session.rollback()
            problems = error.problems
        else:
            db.session.commit()
            background = service.screen_now_or_later(portfolio)
            if portfolio.failed:
                flash(f"{portfolio.failed} rows could not be screened; they are listed below "
                      "with the column at fault.", "warning")
            if background:
                flash(f"Screening {portfolio.total} projects in the background; this page "
                      "shows the progress.", "success")
            return redirect(url_for("portfolio.show", portfolio_id=portfolio.id))
    portfolios = [p for p in db.session.scalars(
        db.select(Portfolio).order_by(Portfolio.id.desc())).all() if may_see(p.team_id)]
    status = 422 if form.errors or problems else 200
    return render_template("portfolio/index.html", form=form, problems=problems,
                           portfolios=portfolios), status


@bp.route("/portfolio/<int:portfolio_id>")
def show(portfolio_id: int):
    rulebase = get_rulebase()
    portfolio = get_portfolio_or_404(portfolio_id)
    projects = list(portfolio.projects)
    scored = [p for p in projects if p.verdict is not None]
    failed = [p for p in projects if p.problems]
    filters = filter_form(rulebase, request.args, COLUMNS)
    shown = _filtered(scored, filters.q.data, filters.verdict.data, filters.concern.data)
    sort, descending = filters.sort.data, filters.order.data == "desc"
    shown.sort(key=dict((k, f) for k, _, f in COLUMNS)[sort], reverse=descending)
    return render_template(
        "portfolio/show.html", portfolio=portfolio, rows=shown[:MAX_SHOWN],
        matching=len(shown), max_shown=MAX_SHOWN, scored=scored, failed=failed,
        filters=filters, filtered=bool(request.args.get("q") or request.args.get("verdict")
                                       or request.args.get("concern")),
        columns=COLUMNS, sort=sort, descending=descending,
        chart=portfolio_chart(scored, rulebase), confirm=ConfirmForm(),
        stalled=service.stalled(portfolio), args=request.args,
        max_pdfs=service.MAX_ZIP_PDFS)


def _filtered(projects: list[Project], text: str, verdict: str, concern: str
              ) -> list[Project]:
    text = text.strip().lower()
    return [p for p in projects
            if (not verdict or p.verdict == verdict)
            and (not concern or (p.top_concern or "none") == concern)
            and (not text or text in p.title.lower() or text in p.project_id.lower())]


@bp.route("/portfolio/<int:portfolio_id>/progress.json")
def progress(portfolio_id: int):
    portfolio = get_portfolio_or_404(portfolio_id)
    response = jsonify(status=portfolio.status, done=portfolio.done, total=portfolio.total,
                       failed=portfolio.failed, stalled=service.stalled(portfolio))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/portfolio/<int:portfolio_id>/resume", methods=["POST"])
def resume(portfolio_id: int):
    """Start the screening again where it stopped (only a stalled one)."""
    portfolio = get_portfolio_or_404(portfolio_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if service.stalled(portfolio):
        portfolio.updated_at = service._now()
        db.session.commit()
        service.start_background(current_app._get_current_object(), portfolio.id)  # type: ignore[attr-defined]
        flash("Screening resumed.", "success")
    return redirect(url_for("portfolio.show", portfolio_id=portfolio.id))


@bp.route("/portfolio/<int:portfolio_id>/projects/<int:project_id>/open", methods=["POST"])
def open_project(portfolio_id: int, project_id: int):
    """A normal assessment with the row's answers, in the list; then its report."""
    portfolio = get_portfolio_or_404(portfolio_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    project = db.session.get(Project, project_id) if 0 < project_id <= MAX_ID else None
    if project is None or project.portfolio_id != portfolio.id or project.answers is None:
        abort(404)
    rulebase = get_rulebase()
    imported: Imported = service.as_imported(portfolio, project, rulebase)
    assessment = assessments.create_from(imported, rulebase, team_id=portfolio.team_id,
                                          author_id=current_user.id)
    db.session.flush()
    project.assessment_id = assessment.id
    db.session.commit()
    flash(f"Project {project.project_id} is now assessment {assessment.id}: check the answers "
          "and complete them in the questionnaire.", "success")
    return redirect(url_for("reports.report", assessment_id=assessment.id))


@bp.route("/portfolio/<int:portfolio_id>/summary.csv")
def summary(portfolio_id: int):
    portfolio = get_portfolio_or_404(portfolio_id)
    return Response("\ufeff" + service.summary_csv(portfolio), mimetype="text/csv",
                    headers=_attachment(f"{_stem(portfolio)}-summary.csv"))


@bp.route("/portfolio/<int:portfolio_id>/portfolio.zip")
def download_zip(portfolio_id: int):
    portfolio = get_portfolio_or_404(portfolio_id)
    if portfolio.status != DONE:
        flash("The zip can be downloaded once the screening is finished.", "warning")
        return redirect(url_for("portfolio.show", portfolio_id=portfolio.id))
    return Response(service.zip_bytes(portfolio), mimetype="application/zip",
                    headers=_attachment(f"{_stem(portfolio)}.zip"))


def _stem(portfolio: Portfolio) -> str:
    name = re.sub(r"\.(csv|txt)$", "", portfolio.name, flags=re.I)
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:60]
    return f"weighbridge-portfolio-{portfolio.id}" + (f"-{slug}" if slug else "")


def _attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


@bp.route("/portfolio/template.csv")
def template():
    from ..screening.template import template_csv

    return Response("\ufeff" + template_csv(get_rulebase()), mimetype="text/csv",
                    headers=_attachment("weighbridge-portfolio-template.csv"))


@bp.route("/portfolio/template-help.csv")
def template_help():
    from ..screening.template import template_help_csv

    return Response("\ufeff" + template_help_csv(get_rulebase()), mimetype="text/csv",
                    headers=_attachment("weighbridge-portfolio-columns.csv"))
