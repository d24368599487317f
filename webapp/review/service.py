"""The review states and what each step checks; approval freezes the report."""

from __future__ import annotations

import json

from flask import current_app, render_template

from ..audit import record
from ..engine import assess, clean_answers
from ..extensions import db, get_rulebase
from ..models import ADMIN, REVIEWER, Account, Approval, Assessment, utcnow

DRAFT, SUBMITTED, APPROVED = "draft", "submitted", "approved"
LABELS = {DRAFT: "Draft", SUBMITTED: "Submitted for review", APPROVED: "Approved"}
LOCKED = ("This assessment is {state}: its answers are locked. A reviewer can return it to "
          "draft with a comment; nothing you sent was saved.")


class ReviewRefused(Exception):
    """A review step that cannot be taken now, with the HTTP status and a line for the user."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


class AnswersLocked(Exception):
    """A save of answers to an assessment that is not a draft."""

    def __init__(self, assessment_id: int, status: str):
        super().__init__(LOCKED.format(state=LABELS.get(status, status).lower()))
        self.assessment_id = assessment_id


def submit(assessment: Assessment) -> None:
    if assessment.status != DRAFT:
        raise ReviewRefused(409, f"It is already {LABELS[assessment.status].lower()}.")
    if not assessment.complete:
        raise ReviewRefused(409, "Answer every section that applies (“Don't know” counts) "
                                 "before submitting it for review.")
    assessment.status = SUBMITTED
    assessment.review_comment = ""
    record(assessment, "submitted")


def _check_reviewer(assessment: Assessment, reviewer: Account) -> None:
    if reviewer.role not in (REVIEWER, ADMIN):
        raise ReviewRefused(403, "Only a reviewer or an admin of the team can approve or "
                                 "return an assessment.")
    if assessment.author_id is not None and assessment.author_id == reviewer.id:
        raise ReviewRefused(403, "You wrote this assessment: someone else must review it.")
    if assessment.status != SUBMITTED:
        raise ReviewRefused(409, "Only a submitted assessment can be approved or returned; "
                                 f"this one is {LABELS[assessment.status].lower()}.")


def send_back(assessment: Assessment, reviewer: Account, comment: str) -> None:
    _check_reviewer(assessment, reviewer)
    if not comment.strip():
        raise ReviewRefused(400, "Say what needs changing: a returned assessment needs a "
                                 "comment.")
    assessment.status = DRAFT
    assessment.review_comment = comment.strip()
    record(assessment, "returned", detail=comment.strip())


def approve(assessment: Assessment, reviewer: Account) -> Approval:
    """Approve and freeze: the answers, notes, the full result, the rule set and the report
    as HTML (made for the PDF, with "Approved by … on …" on every page) and PDF."""
    _check_reviewer(assessment, reviewer)
    from ..cli import _dump
    from ..reports.pdf import html_to_pdf, pdf_unavailable
    from ..reports.routes import report_context

    rulebase = get_rulebase()
    answers = clean_answers(assessment.answers, rulebase.bank)
    result = assess(rulebase, answers)
    approval = Approval(assessment_id=assessment.id, approved_by_id=reviewer.id,
                        approved_by=reviewer.name, approved_at=utcnow(),
                        ruleset=rulebase.fingerprint, answers=assessment.answers,
                        evidence=assessment.evidence, result_json=_dump(result.to_dict()),
                        report_html="")
    from ..reports.forms import report_options_form

    approval.report_html = render_template(
        "reports/report.html",
        **report_context(rulebase, assessment, answers, result, pdf=True),
        form=report_options_form(rulebase, {}), pdf_problem=None, approval=approval)
    if pdf_unavailable() is None:
        approval.report_pdf = html_to_pdf(approval.report_html,
                                          current_app.static_folder or "")
    db.session.add(approval)
    assessment.status = APPROVED
    assessment.review_comment = ""
    record(assessment, "approved", detail=f"Approved under rule set {rulebase.fingerprint}.")
    return approval


def approval_of(assessment_id: int) -> Approval | None:
    from sqlalchemy import select

    return db.session.scalar(select(Approval).where(Approval.assessment_id == assessment_id))


def approved_body(approval: Approval) -> str:
    """The frozen report's article, for the web page around it."""
    html = approval.report_html
    start, end = html.find("<article"), html.rfind("</article>")
    return html[start:end + len("</article>")] if start >= 0 and end > start else html


def result_json(approval: Approval) -> str:
    return approval.result_json


def loads(approval: Approval) -> dict:
    return json.loads(approval.result_json)
