"""The session's CSRF token is signed once per worker and reused: every page of a session
carries the same token, a post with it is accepted, and a new session gets a new one."""

from __future__ import annotations

import flask_wtf.csrf
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from .accounts_support import csrf_of, log_in
from .conftest import make_app


class LaterSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return 2_000_000_000


class LaterTokens(URLSafeTimedSerializer):
    """Tokens signed "later": without reuse, the next page's token would differ."""

    default_signer = LaterSigner


def test_pages_of_a_session_carry_one_token_and_posts_with_it_work(tmp_path, monkeypatch):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client(user=None)
    log_in(client, "tester")
    first = csrf_of(client.get("/").text)
    monkeypatch.setattr(flask_wtf.csrf, "URLSafeTimedSerializer", LaterTokens)
    assert csrf_of(client.get("/method").text) == first
    assert csrf_of(client.get("/assessments/new").text) == first
    created = client.post("/assessments/new", data={"title": "Cameras", "csrf_token": first})
    assert created.status_code == 302
    out = client.post("/logout", data={"csrf_token": first})
    assert out.status_code == 302 and out.headers["Location"] == "/login"

    other = app.test_client(user=None)  # another person's session: a token of its own
    log_in(other, "tester")
    theirs = csrf_of(other.get("/").text)
    assert theirs != first
    assert other.post("/logout", data={"csrf_token": first}).status_code == 400
    assert other.post("/logout", data={"csrf_token": theirs}).status_code == 302


def test_with_a_time_limit_tokens_are_signed_per_request(tmp_path, monkeypatch):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True, WTF_CSRF_TIME_LIMIT=3600)
    client = app.test_client(user=None)
    log_in(client, "tester")
    first = csrf_of(client.get("/").text)
    monkeypatch.setattr(flask_wtf.csrf, "URLSafeTimedSerializer", LaterTokens)
    assert csrf_of(client.get("/").text) != first
