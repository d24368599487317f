"""The session's CSRF token signed once per worker, not on every page.

Flask-WTF signs the session's secret afresh on every request that shows a form (a key
derivation, an HMAC and a serializer each time: a visible part of a page's time). Its tokens do
not expire here (``WTF_CSRF_TIME_LIMIT`` is None: the session guards them), so a token signed
once for a session stays valid for that session; each worker keeps the tokens it signed and
puts the session's in ``g`` before the view runs, where Flask-WTF looks first. With a time
limit configured, tokens are signed per request as Flask-WTF does.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, session
from flask_wtf.csrf import generate_csrf

from .pagecache import LRU

_TOKENS = "weighbridge_csrf_tokens"


def install(app: Flask) -> None:
    app.extensions[_TOKENS] = LRU(4096)

    @app.before_request
    def reuse_signed_token() -> None:
        if (key := _key()) is None:
            return  # no secret yet: Flask-WTF makes one when a form needs it
        tokens: LRU = current_app.extensions[_TOKENS]
        token = tokens.get(key)
        if token is None:
            token = generate_csrf()
            tokens.set(key, token)
        setattr(g, _field(), token)

    @app.after_request
    def keep_new_token(response: Response) -> Response:
        """A token Flask-WTF signed for a new secret during this request: kept for the next."""
        if (token := g.get(_field())) is not None and (key := _key()) is not None:
            tokens: LRU = current_app.extensions[_TOKENS]
            if tokens.get(key) is None:
                tokens.set(key, token)
        return response


def _field() -> str:
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")


def _key() -> tuple[str, str] | None:
    """The cache key of this session's token, or None (no secret yet, or reuse is off)."""
    config = current_app.config
    if config.get("WTF_CSRF_TIME_LIMIT") is not None or not config.get("WTF_CSRF_ENABLED",
                                                                         True):
        return None
    secret = session.get(_field())
    if not isinstance(secret, str):
        return None
    return (config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key, secret)
