"""Re-assessing under the current rules: a new draft copy and what the new rules change."""

from flask import Blueprint

bp = Blueprint("reassess", __name__)

from . import routes  # noqa: E402,F401
