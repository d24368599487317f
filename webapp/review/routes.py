"""Review views: submit, approve, return with a comment. Thin: the team check is
``get_assessment_or_404``'s, the rules of each step ``review.service``'s."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from ..extensions import db
from ..manage.forms import ConfirmForm
from ..models import get_assessment_or_404
from ..reports.routes import REPORT_PAGES
from . import bp
from .forms import ReviewForm
from .service import ReviewRefused, approve, send_back, submit


def _report(assessment_id: int):
    return redirect(url_for("reports.report", assessment_id=assessment_id))


def _step(assessment_id: int, form, action) -> object:
    assessment = get_assessment_or_404(assessment_id)
    if not form.validate_on_submit():
        abort(400)
    try:
        message = action(assessment, form)
    except ReviewRefused as refused:
        db.session.rollback()
        abort(refused.status, refused.message)
    db.session.commit()
    REPORT_PAGES.clear()
    flash(message, "success")
    return _report(assessment.id)


@bp.route("/assessments/<int:assessment_id>/submit", methods=["POST"])
def submit_for_review(assessment_id: int):
    def action(assessment, form):
        submit(assessment)
        return "Submitted for review: the answers are locked until a reviewer returns it."
    return _step(assessment_id, ConfirmForm(), action)


@bp.route("/assessments/<int:assessment_id>/approve", methods=["POST"])
def approve_assessment(assessment_id: int):
    def action(assessment, form):
        approval = approve(assessment, current_user)
        return (f"Approved by {approval.approved_by}. The approved report is frozen: it "
                "stays as it is now.")
    return _step(assessment_id, ReviewForm(), action)


@bp.route("/assessments/<int:assessment_id>/return", methods=["POST"])
def return_assessment(assessment_id: int):
    def action(assessment, form):
        send_back(assessment, current_user, form.comment.data or "")
        return "Returned to the author with your comment; it is a draft again."
    return _step(assessment_id, ReviewForm(), action)
