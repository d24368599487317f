"""Everything needs a signed-in person except signing in and creating the first admin: one
``before_request`` for the whole app, so a route added later is covered without a decorator.
A session idle for longer than ``SESSION_IDLE_MINUTES`` ends."""

from __future__ import annotations

import time

from flask import Flask, flash, redirect, request, session, url_for
from flask_login import LoginManager, current_user, logout_user

from .identity import SignedIn, signed_in

login_manager = LoginManager()
login_manager.session_protection = "basic"

#: endpoints open to anyone
PUBLIC = {"accounts.login", "accounts.setup", "static", "favicon", "bench_bare"}
#: the set-up page is offered until the first account exists (then remembered per process)
_HAS_ACCOUNTS = "weighbridge_has_accounts"


@login_manager.user_loader
def load_user(user_id: str) -> SignedIn | None:
    try:
        return signed_in(int(user_id))
    except (TypeError, ValueError, OverflowError):
        return None


def has_accounts(app: Flask) -> bool:
    if not app.extensions.get(_HAS_ACCOUNTS):
        from .service import account_count

        app.extensions[_HAS_ACCOUNTS] = account_count() > 0
    return app.extensions[_HAS_ACCOUNTS]


def init_app(app: Flask) -> None:
    login_manager.init_app(app)

    @app.before_request
    def require_sign_in():
        if request.endpoint in PUBLIC or request.endpoint is None:
            return None
        if current_user.is_authenticated:
            return _idle_check(app)
        if not has_accounts(app):
            return redirect(url_for("accounts.setup"))
        target = request.full_path if request.method == "GET" else None
        return redirect(url_for("accounts.login", next=target.rstrip("?") if target else None))


def _idle_check(app: Flask):
    """End the session after the configured idle time; otherwise note this request."""
    idle = float(app.config.get("SESSION_IDLE_MINUTES") or 0) * 60
    now = int(time.time())
    seen = session.get("seen")
    if idle and isinstance(seen, int) and now - seen > idle:
        logout_user()
        session.clear()
        flash("You were signed out after a time without activity. Sign in again.", "warning")
        return redirect(url_for("accounts.login"))
    if not isinstance(seen, int) or now - seen >= 15:  # not a new cookie on every request
        session["seen"] = now
    return None
