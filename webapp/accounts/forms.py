"""Forms of the account pages (all with CSRF, the sign-in form too)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..validators import plain_text
from .service import MIN_PASSWORD


class LoginForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired("Enter your username."),
                                                   Length(max=80)],
                           render_kw={"autocomplete": "username"})
    password = PasswordField("Password", validators=[DataRequired("Enter your password."),
                                                     Length(max=1000)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


def _new_password(label: str) -> PasswordField:
    return PasswordField(label, validators=[
        DataRequired("Choose a password."),
        Length(min=MIN_PASSWORD, max=1000,
               message=f"A password needs at least {MIN_PASSWORD} characters.")],
        render_kw={"autocomplete": "new-password"})


class SetupForm(FlaskForm):
    """The first admin, offered on a fresh instance."""

    username = StringField("Username", validators=[DataRequired("Choose a username."),
                                                   plain_text(80)])
    name = StringField("Your name (printed on approvals)",
                       validators=[DataRequired("Enter your name."), plain_text(120)])
    password = _new_password("Password")
    confirm = PasswordField("Password again", validators=[
        EqualTo("password", message="The two passwords differ.")])


class PasswordForm(FlaskForm):
    current = PasswordField("Current password", validators=[DataRequired("Enter it.")],
                            render_kw={"autocomplete": "current-password"})
    password = _new_password("New password")
    confirm = PasswordField("New password again", validators=[
        EqualTo("password", message="The two passwords differ.")])
