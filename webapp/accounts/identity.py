"""Who is signed in, read from the database at most every few seconds per worker.

Every page needs the signed-in person (name and role in the header, the team for what they
may see), and reading the account on each request cost as much as a whole cached page. A
worker keeps what it read (name, role, team, whether the account is active) for
``ACCOUNT_CACHE_SECONDS`` (5; 0 reads every time) and forgets it at once when this worker
changes the account. A change made by another worker (an admin deactivating someone, a new
role) takes effect there within those seconds.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import event, select

from ..extensions import db
from ..models import ADMIN, REVIEWER, Account, Team

_CACHE = "weighbridge_accounts"  # app.extensions key: {account id: (read at, SignedIn | None)}


@dataclass(frozen=True)
class TeamName:
    id: int
    name: str


@dataclass(frozen=True)
class SignedIn:
    """The signed-in person as the pages use them (Flask-Login's user object)."""

    id: int
    username: str
    name: str
    role: str
    team_id: int | None
    team: TeamName | None

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def can_review(self) -> bool:
        return self.role in (REVIEWER, ADMIN)

    def account(self) -> Account:
        """The stored account, for a change to it (password) or to record who acted."""
        account = db.session.get(Account, self.id)
        assert account is not None
        return account


def signed_in(account_id: int) -> SignedIn | None:
    """The active account with this id, from this worker's recent read or the database."""
    cache: dict[int, tuple[float, SignedIn | None]] = current_app.extensions.setdefault(
        _CACHE, {})
    keep = float(current_app.config.get("ACCOUNT_CACHE_SECONDS", 5) or 0)
    now = time.monotonic()
    found = cache.get(account_id)
    if found is not None and now - found[0] < keep:
        return found[1]
    row = db.session.execute(
        select(Account.id, Account.username, Account.name, Account.role, Account.team_id,
               Account.active, Team.name).outerjoin(Team, Team.id == Account.team_id)
        .where(Account.id == account_id)).first()
    person = None
    if row is not None and row.active:
        team = TeamName(row.team_id, row[6]) if row.team_id is not None else None
        person = SignedIn(row.id, row.username, row.name, row.role, row.team_id, team)
    if keep:
        if len(cache) > 10_000:
            cache.clear()
        cache[account_id] = (now, person)
    return person


@event.listens_for(Account, "after_update")
@event.listens_for(Account, "after_delete")
def _forget_account(_mapper, _connection, target: Account) -> None:
    """An account changed in this worker: read it afresh on its next request."""
    if (cache := _cache()) is not None:
        cache.pop(target.id, None)


@event.listens_for(Team, "after_update")
def _forget_team(_mapper, _connection, _target: Team) -> None:
    """A team renamed: its members' headers show the new name."""
    if (cache := _cache()) is not None:
        cache.clear()


def _cache() -> dict | None:
    try:
        return current_app.extensions.get(_CACHE)
    except RuntimeError:  # outside an app context (a script): nothing cached to forget
        return None
