"""The questionnaire: assessments list, new assessment, and the wizard (one section a page)."""

from flask import Blueprint

bp = Blueprint("questionnaire", __name__)

from . import routes  # noqa: E402,F401
