"""Forms of the action plan: adopting a condition, and an action's owner, due date, status."""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import Optional, ValidationError

from ..validators import plain_text
from .models import MAX_OWNER, MAX_REASON, STATUSES

EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class DueDateField(DateField):
    """A date (YYYY-MM-DD, as the browser's date picker sends it) with a plain message."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Enter the due date as a date, e.g. 2027-03-31.") from error


class ActionForm(FlaskForm):
    owner = StringField("Owner", validators=[Optional(), plain_text(MAX_OWNER)],
                        render_kw={"maxlength": MAX_OWNER, "autocomplete": "off"})
    due = DueDateField("Due", validators=[Optional()])
    status = SelectField("Status", choices=[SelectChoice(k, v) for k, v in STATUSES.items()])
    # no Optional(): it would stop the chain before validate_reason
    reason = TextAreaField("Reason (when dropped)", validators=[plain_text(MAX_REASON)],
                           render_kw={"rows": 2, "maxlength": MAX_REASON})

    def validate_due(self, field) -> None:
        if field.data is not None and not EARLIEST <= field.data <= LATEST:
            raise ValidationError("Enter a due date between 2000 and 2100.")

    def validate_reason(self, field) -> None:
        if self.status.data == "dropped" and not (field.data or "").strip():
            raise ValidationError("Say why the action is dropped.")

    def values(self) -> dict:
        return {"owner": (self.owner.data or "").strip(), "due": self.due.data,
                "status": self.status.data, "reason": (self.reason.data or "").strip()}
