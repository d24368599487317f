"""People for the tests: accounts made straight in the database (cheap scrypt parameters),
and a test client that starts signed in as one of them (by default "tester", an assessor of
the default team, which every app made by ``make_app`` has)."""

from __future__ import annotations

import re
import time

from flask import Flask
from flask.testing import FlaskClient

PASSWORD = "correct horse battery"
#: scrypt with a small cost: the tests make many accounts (production uses werkzeug's default)
TEST_HASH = "scrypt:1024:8:1"


def add_account(app: Flask, username: str, role: str = "assessor", team: str | None = None,
                password: str = PASSWORD, name: str | None = None) -> int:
    """An account (its team made if missing; None: the default team); returns its id."""
    from sqlalchemy import select

    from webapp.accounts.service import create_account, default_team
    from webapp.extensions import db
    from webapp.models import Team

    with app.app_context():
        if team is None:
            chosen = default_team()
        else:
            chosen = db.session.scalar(select(Team).where(Team.name == team))
            if chosen is None:
                chosen = Team(name=team)
                db.session.add(chosen)
                db.session.flush()
        account = create_account(username, name or username.title(), password, role, chosen)
        db.session.commit()
        return account.id


def account_id(app: Flask, username: str) -> int:
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Account

    with app.app_context():
        return db.session.scalar(select(Account.id).where(Account.username == username))


class SignedInClient(FlaskClient):
    """A test client signed in as ``user`` (a username; None: anonymous)."""

    def __init__(self, *args, user: str | None = "tester", **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            sign_in_session(self, account_id(self.application, user))


def sign_in_session(client: FlaskClient, user_id: int) -> None:
    """Put the account in the client's session as Flask-Login does after a sign-in."""
    with client.session_transaction() as session:
        session.clear()
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
        session["seen"] = int(time.time())


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def log_in(client: FlaskClient, username: str, password: str = PASSWORD):
    """Sign in through the form, as a browser does (CSRF token and all)."""
    page = client.get("/login").text
    data = {"username": username, "password": password}
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    if match:
        data["csrf_token"] = match.group(1)
    return client.post("/login", data=data)
