"""Accounts: signing in and out (Flask-Login), the first admin, password change, throttling
of failed sign-ins and the idle time after which a session ends."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from . import routes  # noqa: E402,F401
from .gate import init_app  # noqa: E402,F401
