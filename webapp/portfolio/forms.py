"""Forms of the portfolio pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectChoice, SelectField, StringField

from ..engine import RuleBase, Verdict


class UploadForm(FlaskForm):
    file = FileField("Portfolio file (.csv, one row a project)", validators=[
        FileRequired(message="Choose a CSV file to screen."),
        FileAllowed(["csv", "txt"], message="Choose a .csv file (the template's columns).")])
    profile = SelectField("Weight profile")


def upload_form(rulebase: RuleBase) -> UploadForm:
    form = UploadForm()
    form.profile.choices = [SelectChoice(p.id, p.name) for p in rulebase.profiles.values()]
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
    sort = SelectField("Sort by")
    order = SelectField("Order", choices=[SelectChoice("", "Ascending"),
                                          SelectChoice("desc", "Descending")])


def filter_form(rulebase: RuleBase, args, columns) -> FilterForm:  # noqa: ANN001
    """The filters from the query string (``request.args``); ``columns`` the sortable ones."""
    form = FilterForm(args)
    form.sort.choices = [SelectChoice(key, heading) for key, heading, _ in columns]
    form.verdict.choices = [SelectChoice("", "All verdicts")] + [
        SelectChoice(v.id, v.label) for v in Verdict]
    form.concern.choices = [SelectChoice("", "All concerns")] + [
        SelectChoice(c.name, c.name) for c in rulebase.concerns.values()] + [
        SelectChoice("none", "None")]
    for field in (form.verdict, form.concern, form.sort, form.order):
        if field.data not in {choice.value for choice in field.choices}:
            field.data = ""
    form.q.data = (form.q.data or "")[:100]
    form.sort.data = form.sort.data or "row"
    return form
