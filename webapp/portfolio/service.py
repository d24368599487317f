"""Screening an uploaded portfolio: stored whole or not at all, scored now or in the
background, and written out as the summary CSV and a zip with the PDFs.

The file is checked as a whole first (``screening.reader``); a file refused stores nothing.
Otherwise every row is stored in one transaction, the bad ones with their problems, and the
good ones are scored: at once for small files, in a background thread for large ones, which
commits its progress in batches so the page shows it after a reload. A screening whose thread
died (the server restarted) is noticed by its age and can be resumed: only the rows not yet
scored are scored.
"""

from __future__ import annotations

import io
import threading
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, current_app

from ..engine import RuleBase, clean_answers
from ..engine.core.values import UNKNOWN
from ..extensions import db, get_rulebase
from ..screening.reader import FileRefused, ParsedRow, RowError, check_file, read_rows
from ..screening.runner import Screener, Settings, pdf_name
from ..screening.summary import ERRORS_HEADER, SUMMARY_HEADER, csv_writer, safe_row
from ..transfer import Imported
from .models import DONE, SCREENING, Portfolio, Project

#: Files with more rows than this are screened in the background.
BACKGROUND_ROWS = 200
#: Rows scored between two commits of the progress.
BATCH = 25
#: A screening whose progress has not moved for this long has stopped.
STALE_AFTER = timedelta(minutes=2)
#: The zip holds PDFs for portfolios of at most this many projects.
MAX_ZIP_PDFS = 50


def store_upload(raw: bytes, name: str, profile: str, rulebase: RuleBase,
                 team_id: int | None = None) -> Portfolio:
    """Check and store the file's rows (not committed); FileRefused when it fails whole."""
    handle = io.BytesIO(raw)
    info = check_file(handle, rulebase, limit=current_app.config["MAX_CONTENT_LENGTH"])
    portfolio = Portfolio(name=name[:200] or "portfolio.csv", profile=profile, team_id=team_id,
                          ruleset=rulebase.fingerprint, status=SCREENING, total=0, done=0,
                          failed=0, updated_at=_now())
    for item in read_rows(handle, rulebase, info):
        if isinstance(item, RowError):
            portfolio.projects.append(Project(
                row=item.row, project_id=item.project_id or "", title="", top_concern="",
                top_finding="", top_condition="", problems=[list(p) for p in item.problems]))
            portfolio.failed += 1
        else:
            portfolio.projects.append(Project(
                row=item.row, project_id=item.project_id, title=item.title, top_concern="",
                top_finding="", top_condition="", answers=item.answers))
            portfolio.total += 1
    db.session.add(portfolio)
    return portfolio


def screen_now_or_later(portfolio: Portfolio) -> bool:
    """Score the rows now (small files) or start the background thread; True if started."""
    limit = current_app.config.get("PORTFOLIO_BACKGROUND_ROWS", BACKGROUND_ROWS)
    if portfolio.total > limit:
        start_background(current_app._get_current_object(), portfolio.id)  # type: ignore[attr-defined]
        return True
    score_pending(portfolio)
    return False


def score_pending(portfolio: Portfolio, batch: int = BATCH) -> None:
    """Score the rows not scored yet, committing the progress every ``batch`` rows."""
    rulebase = get_rulebase()
    screener = Screener(Settings(profile=portfolio.profile), rulebase)
    pending = [p for p in portfolio.projects if p.answers is not None and p.verdict is None]
    for n, project in enumerate(pending, 1):
        outcome = screener.screen(ParsedRow(project.row, project.project_id, project.title,
                                            project.answers or {}))
        if isinstance(outcome, RowError):
            project.problems = [list(p) for p in outcome.problems]
            portfolio.failed += 1
            portfolio.total -= 1
        else:
            _store_summary(project, outcome)
            portfolio.done += 1
        if n % batch == 0:
            portfolio.updated_at = _now()
            db.session.commit()
    portfolio.status = DONE
    portfolio.updated_at = _now()
    db.session.commit()


def _store_summary(project: Project, cells: list[Any]) -> None:
    (_, _, _, project.verdict, project.balance, project.interval_low, project.interval_high,
     robust, project.top_concern, project.top_finding, project.top_condition,
     project.unknowns) = cells
    project.robust = robust == "yes"


def start_background(app: Flask, portfolio_id: int) -> None:
    """Score the portfolio in a thread of this process, in its own app context."""

    def work() -> None:
        with app.app_context():
            portfolio = db.session.get(Portfolio, portfolio_id)
            if portfolio is not None:
                try:
                    score_pending(portfolio)
                except Exception:  # noqa: BLE001 - the page offers to resume
                    db.session.rollback()
                    app.logger.exception("screening portfolio %s stopped", portfolio_id)
                finally:
                    db.session.remove()

    threading.Thread(target=work, name=f"screen-portfolio-{portfolio_id}", daemon=True).start()


def _now() -> datetime:
    return datetime.now(UTC)


def stalled(portfolio: Portfolio) -> bool:
    """Still screening, but no progress for a while: its thread has gone."""
    if portfolio.status != SCREENING:
        return False
    updated = portfolio.updated_at
    if updated.tzinfo is None:  # SQLite keeps no time zone
        updated = updated.replace(tzinfo=UTC)
    return _now() - updated > STALE_AFTER


def summary_csv(portfolio: Portfolio) -> str:
    """The summary as the command line writes it (formula cells neutralised)."""
    buffer = io.StringIO()
    writer = csv_writer(buffer, SUMMARY_HEADER)
    for p in portfolio.projects:
        if p.verdict is not None:
            writer.writerow(safe_row([
                p.row, p.project_id, p.title, p.verdict, p.balance, p.interval_low,
                p.interval_high, "yes" if p.robust else "no", p.top_concern, p.top_finding,
                p.top_condition, p.unknowns]))
    return buffer.getvalue()


def errors_csv(portfolio: Portfolio) -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer, ERRORS_HEADER)
    for p in portfolio.projects:
        for column, message in p.problems or []:
            writer.writerow(safe_row([p.row, p.project_id, column, message]))
    return buffer.getvalue()


def zip_bytes(portfolio: Portfolio) -> bytes:
    """summary.csv, errors.csv and, for small portfolios, one PDF per project."""
    from ..reports.pdf import pdf_unavailable

    buffer = io.BytesIO()
    scored = [p for p in portfolio.projects if p.verdict is not None]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("summary.csv", "\ufeff" + summary_csv(portfolio))
        archive.writestr("errors.csv", "\ufeff" + errors_csv(portfolio))
        problem = pdf_unavailable()
        if problem or len(scored) > MAX_ZIP_PDFS:
            archive.writestr("README.txt", (
                f"No PDFs: {problem}\n" if problem else
                f"No PDFs: this portfolio has {len(scored)} projects; the zip holds PDFs for "
                f"at most {MAX_ZIP_PDFS}. Make them with: weighbridge screen FILE -o OUTDIR "
                "--pdf\n"))
        else:
            from ..reports.standalone import FileAssessment, PdfMaker

            maker = PdfMaker(current_app.config.get("RULES_DIR"))
            used: set[str] = set()
            for p in scored:
                assessment = FileAssessment(id=p.project_id, title=p.title,
                                            answers=p.answers or {})
                archive.writestr(f"pdf/{pdf_name(p.project_id, p.row, used)}",
                                 maker.pdf(assessment, portfolio.profile))
    return buffer.getvalue()


def as_imported(portfolio: Portfolio, project: Project, rulebase: RuleBase) -> Imported:
    """The row as a validated assessment file: its answers ("don't know" kept, except for
    free text, where an empty cell is no answer), sections with every question answered
    marked done."""
    questions = rulebase.bank.questions
    answers = {q: v for q, v in clean_answers(project.answers, rulebase.bank).items()
               if not (v == UNKNOWN and not questions[q].kind.enumerable)}
    done = [s.id for s in rulebase.bank.sections
            if s.questions and all(q.id in answers for q in s.questions)]
    return Imported(title=project.title[:200] or project.project_id,
                    summary=(f"From the portfolio “{portfolio.name}”, row {project.row} "
                             f"(project {project.project_id})")[:2000],
                    answers=answers, sections_done=done)


__all__ = ["FileRefused", "as_imported", "errors_csv", "score_pending", "screen_now_or_later",
           "stalled", "store_upload", "summary_csv", "zip_bytes"]
