"""Report PDFs made outside a request: `weighbridge assess FILE --format pdf` and portfolio
screening's `--pdf`. The same template, context and stylesheets as the web page's PDF, for an
answers file rather than a stored assessment (the app is built once, on an in-memory database
it never touches)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import Flask, render_template

from ..engine import assess, clean_answers
from ..extensions import RULEBASE_KEY
from .forms import report_options_form
from .pdf import html_to_pdf
from .routes import report_context


@dataclass
class FileAssessment:
    """What the report template reads of an assessment, for an answers file."""

    id: str
    title: str
    answers: dict[str, Any]
    assessor: str = ""
    evidence: dict[str, str] = field(default_factory=dict)
    prefilled: dict[str, Any] = field(default_factory=dict)
    partner_id: str | None = None
    updated_at: datetime = field(default_factory=lambda: datetime.now(UTC))


class PdfMaker:
    """Renders report PDFs for answers files; build one and reuse it for many files."""

    def __init__(self, rules_dir: str | None = None):
        from ..app import create_app

        self.app: Flask = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://",
                                      "AUTO_MIGRATE": False, "SECRET_KEY": "pdf",
                                      "RULES_DIR": rules_dir, "SERVER_NAME": "weighbridge.local"})
        self.rulebase = self.app.extensions[RULEBASE_KEY]

    def html(self, assessment: FileAssessment, profile: str | None = None,
             weights: dict[str, float] | None = None, appendices: bool = True) -> str:
        """The report page made for the PDF (pdf=True: no links, no scripts)."""
        rulebase = self.rulebase
        answers = clean_answers(assessment.answers, rulebase.bank)
        result = assess(rulebase, answers, profile=profile, weights=weights)
        with self.app.test_request_context():
            return render_template(
                "reports/report.html",
                **report_context(rulebase, assessment, answers, result, pdf=True,
                                 appendices=appendices),
                form=report_options_form(rulebase, {}), pdf_problem=None)

    def pdf(self, assessment: FileAssessment, profile: str | None = None,
            weights: dict[str, float] | None = None, appendices: bool = True) -> bytes:
        html = self.html(assessment, profile, weights, appendices)
        return html_to_pdf(html, self.app.static_folder or "")
