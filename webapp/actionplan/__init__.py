"""The action plan: conditions adopted as actions with owner, due date and status."""

from flask import Blueprint

bp = Blueprint("actionplan", __name__)

from . import routes  # noqa: E402,F401
