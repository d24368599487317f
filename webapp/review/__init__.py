"""Review and sign-off: draft -> submitted (answers locked) -> approved, or returned with a
comment (back to draft), by a reviewer or admin of the team who is not the author. Approval
freezes the report (``models.Approval``); the approved report is served from that snapshot."""

from flask import Blueprint

bp = Blueprint("review", __name__)

from . import routes  # noqa: E402,F401
