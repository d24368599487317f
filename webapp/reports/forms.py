"""The report's options: a weight profile, or custom weights per concern."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DecimalField, SelectChoice, SelectField
from wtforms.validators import NumberRange, Optional

from ..engine import RuleBase


class ReportOptionsForm(FlaskForm):
    """Read from the query string (GET), so a report with chosen weights can be linked."""

    class Meta:
        csrf = False

    profile = SelectField("Weight profile", validate_choice=True)


def report_options_form(rulebase: RuleBase, formdata) -> ReportOptionsForm:
    fields = {
        f"w_{concern}": DecimalField(
            rulebase.concerns[concern].name, places=None,
            validators=[Optional(), NumberRange(min=0, max=100,
                                                message="A weight from 0 to 100.")],
            render_kw={"inputmode": "decimal", "size": 4})
        for concern in rulebase.concern_ids
    }
    form_class = type("ReportOptions", (ReportOptionsForm,), fields)
    form = form_class(formdata=formdata)
    form.profile.choices = [SelectChoice(p.id, p.name) for p in rulebase.profiles.values()]
    if not form.profile.data or form.profile.data == "None":
        form.profile.data = "balanced"
    return form


def custom_weights(form: ReportOptionsForm, rulebase: RuleBase) -> dict[str, float] | None:
    """The weights typed in, or None when none were (or they were invalid)."""
    weights = {c: float(form[f"w_{c}"].data) for c in rulebase.concern_ids
               if form[f"w_{c}"].data is not None}
    return weights or None
