"""Forms of the manage pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from ..validators import plain_text


class EditForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(message="Give the assessment a title."),
                                             plain_text(200)])
    assessor = StringField("Assessor (printed in the report)",
                           validators=[Optional(), plain_text(120)])
    summary = TextAreaField("Summary (a line or two on what is decided, for the list)",
                            validators=[Optional(), plain_text()], render_kw={"rows": 3})


class ConfirmForm(FlaskForm):
    """A button that posts (archive, duplicate, delete, restore): CSRF only."""


class ImportForm(FlaskForm):
    file = FileField("Assessment file (.json, as exported)", validators=[
        FileRequired(message="Choose a file to import."),
        FileAllowed(["json"], message="Choose a .json file exported by Weighbridge.")])
