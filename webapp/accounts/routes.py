"""Sign in, sign out (POST with CSRF), the first admin on a fresh instance, password change."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from ..extensions import db
from ..manage.forms import ConfirmForm
from ..models import ADMIN
from . import bp
from .forms import LoginForm, PasswordForm, SetupForm
from .gate import _HAS_ACCOUNTS, has_accounts
from .service import AccountError, authenticate, change_password, create_account, default_team

FAILED = "That username and password do not match an active account."
LOCKED = "Too many failed sign-ins. Wait {minutes:g} minutes and try again."


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never another host) to go to after signing in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("questionnaire.index")


def _start_session(account) -> None:
    session.clear()  # a fresh session (and CSRF token) for the signed-in person
    login_user(account)
    import time

    session["seen"] = int(time.time())


@bp.route("/login", methods=["GET", "POST"])
def login():
    if not has_accounts(current_app):
        return redirect(url_for(".setup"))
    if current_user.is_authenticated:
        return redirect(url_for("questionnaire.index"))
    form = LoginForm(next=request.args.get("next", ""))
    message = None
    if form.validate_on_submit():
        outcome = authenticate(form.username.data, form.password.data,
                               request.remote_addr or "unknown")
        if outcome.account is not None:
            _start_session(outcome.account)
            return redirect(_safe_next(form.next.data))
        message = (LOCKED.format(minutes=float(current_app.config["LOGIN_LOCK_MINUTES"]))
                   if outcome.locked else FAILED)
    status = 422 if (form.errors or message) else 200
    return render_template("accounts/login.html", form=form, message=message), status


@bp.route("/logout", methods=["POST"])
def logout():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    logout_user()
    session.clear()
    flash("You are signed out.", "success")
    return redirect(url_for(".login"))


@bp.route("/setup", methods=["GET", "POST"])
def setup():
    """Offered on a fresh instance only: the first account, an admin in the default team."""
    if has_accounts(current_app):
        abort(404)
    form = SetupForm()
    problem = None
    if form.validate_on_submit():
        try:
            account = create_account(form.username.data, form.name.data, form.password.data,
                                     ADMIN, default_team())
        except AccountError as error:
            db.session.rollback()
            problem = str(error)
        else:
            db.session.commit()
            current_app.extensions[_HAS_ACCOUNTS] = True
            _start_session(account)
            flash("Your admin account is ready. Add people under Admin.", "success")
            return redirect(url_for("questionnaire.index"))
    status = 422 if (form.errors or problem) else 200
    return render_template("accounts/setup.html", form=form, problem=problem), status


@bp.route("/account/password", methods=["GET", "POST"])
def password():
    form = PasswordForm()
    problem = None
    if form.validate_on_submit():
        try:
            change_password(current_user.account(), form.current.data, form.password.data)
        except AccountError as error:
            problem = str(error)
        else:
            db.session.commit()
            flash("Your password is changed.", "success")
            return redirect(url_for("questionnaire.index"))
    status = 422 if (form.errors or problem) else 200
    return render_template("accounts/password.html", form=form, problem=problem), status
