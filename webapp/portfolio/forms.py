"""Forms of the portfolio pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField, StringField

from ..engine import RuleBase, Verdict


class UploadForm(FlaskForm):
    file = FileField("Portfolio file (.csv, one row a project)", validators=[
        FileRequired(message="Choose a CSV file to screen."),
        FileAllowed(["csv", "txt"], message="Choose a .csv file (the template's columns).")])
    profile = SelectField("Weight profile")


def upload_form(rulebase: RuleBase) -> UploadForm:
    form = UploadForm()
    form.profile.choices = [(p.id, p.name) for p in rulebase.profiles.values()]
    if not form.profile.data:
        form.profile.data = "balanced"
    return form


class FilterForm(FlaskForm):
    """The table's filters, read from the query string (GET: no CSRF)."""

    class Meta:
        csrf = False

    q = StringField("Search")
    verdict = SelectField("Verdict")
    concern = SelectField("Top concern")


def filter_form(rulebase: RuleBase, args) -> FilterForm:  # noqa: ANN001 - request.args
    form = FilterForm(args)
    form.verdict.choices = [("", "All verdicts")] + [(v.id, v.label) for v in Verdict]
    form.concern.choices = [("", "All concerns")] + [
        (c.name, c.name) for c in rulebase.concerns.values()] + [("none", "None")]
    for field in (form.verdict, form.concern):
        if field.data not in {value for value, _ in field.choices}:
            field.data = ""
    form.q.data = (form.q.data or "")[:100]
    return form
