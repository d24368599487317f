"""The report's options: a weight profile, or custom weights per concern."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import request
from flask_wtf import FlaskForm
from wtforms import DecimalField, SelectChoice, SelectField
from wtforms.validators import NumberRange, Optional, StopValidation

from ..engine import RuleBase
from ..pagecache import LRU


class ReportOptionsForm(FlaskForm):
    """Read from the query string (GET), so a report with chosen weights can be linked."""

    class Meta:
        csrf = False

    profile = SelectField("Weight profile", validate_choice=True)
    #: the query arguments it reads (a rule set's class adds its weights)
    OPTION_NAMES: frozenset[str] = frozenset({"profile"})


def finite(form, field) -> None:
    """Refuse NaN and infinities before NumberRange compares them (a signalling NaN raises)."""
    if field.data is not None and not field.data.is_finite():
        field.data = None
        raise StopValidation("A weight from 0 to 100.")


#: the form class of each rule set (its concerns), made once per worker
_CLASSES = LRU(8)


def report_options_form(rulebase: RuleBase, formdata) -> ReportOptionsForm:
    form = _form_class(rulebase)(formdata=formdata)
    form.profile.choices = [SelectChoice(p.id, p.name) for p in rulebase.profiles.values()]
    if not form.profile.data or form.profile.data == "None":
        form.profile.data = "balanced"
    return form


def _form_class(rulebase: RuleBase) -> type[ReportOptionsForm]:
    return _CLASSES.get_or_make(rulebase.fingerprint, lambda: _make_form_class(rulebase))


def _make_form_class(rulebase: RuleBase) -> type[ReportOptionsForm]:
    fields: dict[str, Any] = {
        f"w_{concern}": DecimalField(
            rulebase.concerns[concern].name, places=None,
            validators=[Optional(), finite, NumberRange(min=0, max=100,
                                                message="A weight from 0 to 100.")],
            render_kw={"inputmode": "decimal", "size": 4})
        for concern in rulebase.concern_ids
    }
    #: the query arguments the form reads, which links carry on (``weights_query``)
    fields["OPTION_NAMES"] = frozenset(["profile", *fields])
    return type("ReportOptions", (ReportOptionsForm,), fields)


def chosen_weights(form: ReportOptionsForm,
                   rulebase: RuleBase) -> tuple[str, dict[str, float] | None]:
    """The profile and the weights typed in, once the form is validated.

    An unknown profile falls back to the balanced one and invalid weights to none, each with
    the form's error message shown beside the field, so a mistyped link still gives a report.
    """
    valid = form.validate()
    if form.profile.errors or form.profile.data not in rulebase.profiles:
        form.profile.errors = ["There is no such weight profile; the balanced one is shown."]
        form.profile.data = "balanced"
    if not valid:
        return form.profile.data, None
    weights = {c: float(form[f"w_{c}"].data) for c in rulebase.concern_ids
               if form[f"w_{c}"].data is not None}
    return form.profile.data, weights or None


def weights_query(rulebase: RuleBase, args: Mapping[str, str] | None = None) -> dict[str, str]:
    """The report options of a query string (``profile`` and a weight per concern), in their
    order, for links that carry them on: never the query's other arguments, which could
    collide with a link's own (``assessment_id``, ``key``) or steer ``url_for`` (``_external``)."""
    args = request.args if args is None else args
    names = _form_class(rulebase).OPTION_NAMES
    return {name: value for name, value in args.items() if name in names}
