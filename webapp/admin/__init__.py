"""Admin pages: people (create with role and team, change role or team, deactivate) and
teams. Only admins; everyone else gets "not found"."""

from flask import Blueprint, abort
from flask_login import current_user

from ..models import ADMIN

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
def admins_only():
    if not current_user.is_authenticated or current_user.role != ADMIN:
        abort(404)


from . import routes  # noqa: E402,F401
