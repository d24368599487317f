"""Managing assessments: rename, duplicate, archive, delete to the trash and restore, import
and export as JSON, the action list as CSV."""

from flask import Blueprint

bp = Blueprint("manage", __name__)

from . import routes  # noqa: E402,F401
