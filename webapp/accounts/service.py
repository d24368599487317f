"""People and teams: creating accounts, hashing passwords (scrypt), checking a sign-in with
the same work whether or not the account exists, and counting failures to throttle guessing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import ROLES, Account, LoginThrottle, Team, utcnow

DEFAULT_TEAM = "Default team"
MIN_PASSWORD = 10
_DUMMY: dict[str, str] = {}


class AccountError(ValueError):
    """A request to create or change an account that cannot be met (one line for the user)."""


def hash_password(password: str) -> str:
    """scrypt (werkzeug's default); tests may configure cheaper parameters."""
    method = current_app.config.get("PASSWORD_HASH_METHOD") or "scrypt"
    return generate_password_hash(password, method=method)


def _dummy_hash() -> str:
    """A hash of no one's password, checked when the account does not exist so an unknown
    name takes the same path and time as a wrong password."""
    method = current_app.config.get("PASSWORD_HASH_METHOD") or "scrypt"
    if method not in _DUMMY:
        _DUMMY[method] = generate_password_hash("no account has this password", method=method)
    return _DUMMY[method]


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def default_team() -> Team:
    """The team of existing assessments and of the first admin (made if missing)."""
    team = db.session.scalar(select(Team).order_by(Team.id).limit(1))
    if team is None:
        team = Team(name=DEFAULT_TEAM)
        db.session.add(team)
        db.session.flush()
    return team


def team_named(name: str | None) -> Team:
    if not name:
        return default_team()
    team = db.session.scalar(select(Team).where(Team.name == name.strip()))
    if team is None:
        raise AccountError(f"no team named {name!r}")
    return team


def account_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Account)) or 0


def check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"A password needs at least {MIN_PASSWORD} characters.")


def create_account(username: str, name: str, password: str, role: str,
                   team: Team | None) -> Account:
    """A new account in the caller's session (the caller commits)."""
    username = normalise_username(username)
    if not username or len(username) > 80 or any(c.isspace() for c in username):
        raise AccountError("A username is one word of at most 80 characters.")
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    check_password_rules(password)
    if db.session.scalar(select(Account.id).where(Account.username == username)) is not None:
        raise AccountError(f"The username {username!r} is taken.")
    account = Account(username=username, name=(name or username).strip()[:120],
                      password_hash=hash_password(password), role=role,
                      team_id=team.id if team else None, active=True)
    db.session.add(account)
    db.session.flush()
    return account


@dataclass
class SignIn:
    account: Account | None
    locked: bool = False


def authenticate(username: str, password: str, address: str) -> SignIn:
    """The account if the name and password match an active account and neither the name nor
    the address is locked out; the password is checked in every case (a hash of nobody's
    password when the name is unknown), so the answer takes the same path either way."""
    config = current_app.config
    username = normalise_username(username)[:80]
    account = db.session.scalar(select(Account).where(Account.username == username))
    matches = check_password_hash(account.password_hash if account else _dummy_hash(),
                                  password or "")
    keys = {f"account:{username}": int(config["LOGIN_MAX_FAILURES"]),
            f"ip:{address}"[:200]: int(config["LOGIN_MAX_FAILURES_PER_IP"])}
    now = utcnow()
    rows = {key: db.session.get(LoginThrottle, key) for key in keys}
    if any(row and row.locked_until and _aware(row.locked_until) > now
           for row in rows.values()):
        return SignIn(None, locked=True)
    if matches and account is not None and account.active:
        row = rows[f"account:{username}"]
        if row is not None:
            db.session.delete(row)
            db.session.commit()
        return SignIn(account)
    record_failure(keys)
    return SignIn(None)


def record_failure(keys: dict[str, int]) -> None:
    """Count a failure against each key; a key reaching its limit is locked for a while."""
    lock = timedelta(minutes=float(current_app.config["LOGIN_LOCK_MINUTES"]))
    for attempt in range(2):
        try:
            for key, limit in keys.items():
                row = db.session.get(LoginThrottle, key, with_for_update=True)
                if row is None:
                    row = LoginThrottle(key=key, failures=0)
                    db.session.add(row)
                row.failures = (row.failures or 0) + 1
                if row.failures >= limit:
                    row.failures, row.locked_until = 0, utcnow() + lock
            db.session.commit()
            return
        except IntegrityError:  # two failures created one key at once: count again
            db.session.rollback()
            if attempt:
                raise


def _aware(moment):
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def change_password(account: Account, current: str, new: str) -> None:
    if not check_password_hash(account.password_hash, current or ""):
        raise AccountError("The current password is not right.")
    check_password_rules(new)
    account.password_hash = hash_password(new)
