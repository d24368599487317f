"""Alternatives side by side: add an alternative to an assessment (a sibling copy in a named
comparison), the comparisons list, and the compare page with its PDF."""

from flask import Blueprint

bp = Blueprint("comparisons", __name__)

from . import routes  # noqa: E402,F401
