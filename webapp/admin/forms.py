"""Forms of the admin pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

from ..accounts.service import MIN_PASSWORD
from ..models import ROLES
from ..validators import plain_text

ROLE_CHOICES = [SelectChoice(role, label) for role, label in ROLES.items()]


class NewUserForm(FlaskForm):
    username = StringField("Username", validators=[DataRequired("Choose a username."),
                                                   plain_text(80)])
    name = StringField("Name", validators=[DataRequired("Enter the person's name."),
                                           plain_text(120)])
    password = PasswordField("First password (they can change it)", validators=[
        DataRequired("Give a first password."),
        Length(min=MIN_PASSWORD, max=1000,
               message=f"A password needs at least {MIN_PASSWORD} characters.")],
        render_kw={"autocomplete": "new-password"})
    role = SelectField("Role", choices=ROLE_CHOICES)
    team = SelectField("Team", coerce=int, choices=[])


class EditUserForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter the person's name."),
                                           plain_text(120)])
    role = SelectField("Role", choices=ROLE_CHOICES)
    team = SelectField("Team", coerce=int, choices=[])
    active = BooleanField("Active (can sign in)")


class TeamForm(FlaskForm):
    name = StringField("Team name", validators=[DataRequired("Name the team."),
                                                plain_text(120)])
