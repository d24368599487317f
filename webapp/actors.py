"""Who did it: the one place the audit trail (and anything else) asks for the acting person.

Until accounts exist this is the signed-in user's name when Flask-Login is installed and set
up, else the assessment's assessor (the name typed into it) or "anonymous" on the web, and
"command line" outside a request. The integrator switches it to the account in one place."""

from __future__ import annotations

from typing import Any

from flask import has_request_context

#: Longest name stored with an event (the column's width).
MAX_ACTOR = 120


def _signed_in_name() -> str | None:
    """The signed-in user's name, if Flask-Login is importable, set up and someone is in."""
    try:
        from flask_login import current_user
    except ImportError:
        return None
    try:
        if not current_user or not current_user.is_authenticated:
            return None
    except Exception:  # Flask-Login present but no login manager set up on this app
        return None
    for attribute in ("name", "username", "email"):
        value = getattr(current_user, attribute, None)
        if value:
            return str(value)
    return str(current_user.get_id())


def current_actor(assessment: Any = None) -> str:
    """Who is acting now, as the history shows it."""
    if not has_request_context():
        return "command line"
    name = _signed_in_name()
    if not name:
        name = (getattr(assessment, "assessor", "") or "").strip() or "anonymous"
    return name[:MAX_ACTOR]
