"""The reviewer's form: a comment when returning an assessment."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Optional

from ..validators import plain_text


class ReviewForm(FlaskForm):
    comment = TextAreaField("Comment (required to return it)",
                            validators=[Optional(), plain_text(4000)], render_kw={"rows": 3})
