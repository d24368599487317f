"""Re-assess views: confirm, copy under the current rules, show what changed."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from .. import assessments as service
from ..engine import assess, clean_answers
from ..extensions import db, get_rulebase
from ..manage.forms import ConfirmForm
from ..models import get_assessment_or_404
from ..rulechanges import compare, summarise
from . import bp


@bp.route("/assessments/<int:assessment_id>/reassess", methods=["GET", "POST"])
def reassess(assessment_id: int):
    """GET explains and asks; POST makes the copy and shows what changed."""
    assessment = get_assessment_or_404(assessment_id)
    rulebase = get_rulebase()
    form = ConfirmForm()
    same = assessment.ruleset == rulebase.fingerprint
    if form.validate_on_submit() and not same:
        copy = service.reassess(assessment, rulebase, author_id=current_user.id)
        db.session.commit()
        return redirect(url_for(".changes", assessment_id=copy.id))
    return render_template("reassess/confirm.html", assessment=assessment, form=form,
                           current=rulebase.fingerprint,
                           same=same)


@bp.route("/assessments/<int:assessment_id>/rule-changes")
def changes(assessment_id: int):
    """What the current rules change, for a copy made by re-assessing."""
    assessment = get_assessment_or_404(assessment_id)
    origin = assessment.reassessed_from
    if not origin:
        abort(404)
    rulebase = get_rulebase()
    answers = clean_answers(assessment.answers, rulebase.bank)
    result = assess(rulebase, answers, analyse=False)
    after = summarise(rulebase, answers, result)
    diff = compare(origin.get("summary"), after, rulebase, answers)
    return render_template("reassess/changes.html", assessment=assessment, origin=origin,
                           diff=diff, current=rulebase.fingerprint)
