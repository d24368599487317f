"""What a worker keeps of the signed-in account: a change made in this worker counts at
once; one made elsewhere (another worker, a script) within ACCOUNT_CACHE_SECONDS."""

from __future__ import annotations

from sqlalchemy import update

from webapp.accounts import identity
from webapp.extensions import db
from webapp.models import Account

from .accounts_support import account_id
from .conftest import make_app


def change_elsewhere(app, username, **values):
    """An UPDATE as another worker's would reach this one: no ORM event here."""
    with app.app_context():
        db.session.execute(update(Account).where(Account.username == username).values(**values))
        db.session.commit()


def test_a_change_elsewhere_counts_once_the_kept_copy_is_old(tmp_path, monkeypatch):
    app = make_app(tmp_path)
    client = app.test_client()
    assert "(assessor" in client.get("/").text
    change_elsewhere(app, "tester", role="reviewer", name="Renamed Person")
    assert "(assessor" in client.get("/").text  # kept for a few seconds
    later = identity.time.monotonic() + 6
    monkeypatch.setattr(identity.time, "monotonic", lambda: later)
    page = client.get("/").text
    assert "Renamed Person (reviewer" in page
    change_elsewhere(app, "tester", active=False)
    later += 6
    assert client.get("/").headers["Location"].startswith("/login")


def test_a_change_in_this_worker_counts_at_once(tmp_path):
    app = make_app(tmp_path)
    client = app.test_client()
    assert client.get("/").status_code == 200
    with app.app_context():
        account = db.session.get(Account, account_id(app, "tester"))
        account.active = False
        db.session.commit()
    assert client.get("/").headers["Location"].startswith("/login")


def test_with_no_keeping_every_request_reads_the_account(tmp_path):
    app = make_app(tmp_path, ACCOUNT_CACHE_SECONDS=0)
    client = app.test_client()
    assert client.get("/").status_code == 200
    change_elsewhere(app, "tester", active=False)
    assert client.get("/").headers["Location"].startswith("/login")
