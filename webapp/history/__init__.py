"""The history page: an assessment's audit trail, newest first, in plain words."""

from flask import Blueprint

bp = Blueprint("history", __name__)

from . import routes  # noqa: E402,F401
