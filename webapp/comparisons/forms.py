"""The form that adds an alternative to an assessment."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, Optional

from ..validators import plain_text

START_CHOICES = [
    SelectChoice("copy", "A copy of this assessment with every answer (another vendor, another "
                         "design): change the answers that differ"),
    SelectChoice("nothing", "Doing nothing: nothing is bought; the answers about a new system "
                            "are filled in, the partner section is left for you"),
]


class AlternativeForm(FlaskForm):
    comparison_name = StringField("Name of the comparison",
                                  validators=[Optional(), plain_text(200)])
    original_name = StringField("Name of this assessment as an alternative",
                                validators=[Optional(), plain_text(120)])
    name = StringField("Name of the new alternative (e.g. “Vendor B”, “Doing nothing”)",
                       validators=[DataRequired(message="Name the new alternative."),
                                   plain_text(120)])
    start = RadioField("It starts as", choices=START_CHOICES, default="copy",
                       validators=[DataRequired(message="Choose how it starts.")])
