"""Admin views: thin — bind the form, call accounts.service, save, redirect or render."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from ..accounts.service import AccountError, create_account
from ..extensions import db
from ..models import ADMIN, MAX_ID, Account, Team
from . import bp
from .forms import EditUserForm, NewUserForm, TeamForm


def _teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.name)))


@bp.route("/users", methods=["GET", "POST"])
def users():
    form = NewUserForm()
    teams = _teams()
    form.team.choices = [SelectChoice(t.id, t.name) for t in teams]
    problem = None
    if form.validate_on_submit():
        try:
            account = create_account(form.username.data, form.name.data, form.password.data,
                                     form.role.data, db.session.get(Team, form.team.data))
        except AccountError as error:
            db.session.rollback()
            problem = str(error)
        else:
            db.session.commit()
            flash(f"Account “{account.username}” created.", "success")
            return redirect(url_for(".users"))
    people = list(db.session.scalars(select(Account).order_by(Account.username)))
    status = 422 if (form.errors or problem) else 200
    return render_template("admin/users.html", form=form, people=people, teams=teams,
                           problem=problem), status


@bp.route("/users/<int:account_id>", methods=["GET", "POST"])
def user(account_id: int):
    account = db.session.get(Account, account_id) if 0 < account_id <= MAX_ID else None
    if account is None:
        abort(404)
    form = EditUserForm(obj=account, team=account.team_id)
    form.team.choices = [SelectChoice(t.id, t.name) for t in _teams()]
    problem = None
    if form.validate_on_submit():
        if account.id == current_user.id and (form.role.data != ADMIN or not form.active.data):
            problem = "You cannot take away your own admin role or deactivate yourself."
        else:
            account.name = form.name.data.strip()
            account.role = form.role.data
            account.team_id = form.team.data
            account.active = bool(form.active.data)
            db.session.commit()
            flash(f"Account “{account.username}” saved.", "success")
            return redirect(url_for(".users"))
    status = 422 if (form.errors or problem) else 200
    return render_template("admin/user.html", form=form, account=account,
                           problem=problem), status


@bp.route("/teams", methods=["GET", "POST"])
def teams():
    form = TeamForm()
    problem = None
    if form.validate_on_submit():
        name = form.name.data.strip()
        if db.session.scalar(select(Team.id).where(Team.name == name)) is not None:
            problem = f"There is already a team named “{name}”."
        else:
            db.session.add(Team(name=name))
            db.session.commit()
            flash(f"Team “{name}” created.", "success")
            return redirect(url_for(".teams"))
    status = 422 if (form.errors or problem) else 200
    return render_template("admin/teams.html", form=form, teams=_teams(),
                           problem=problem), status
