"""The session's CSRF token signed once per worker, not on every page.

Flask-WTF signs the session's secret afresh on every request that shows a form (a key
derivation, an HMAC and a serializer each time: a visible part of a page's time). Its tokens do
not expire here (``WTF_CSRF_TIME_LIMIT`` is None: the session guards them), so a token signed
once for a session stays valid for that session; each worker keeps the tokens it signed and
puts the session's in ``g`` before the view runs, where Flask-WTF looks first. With a time
limit configured, tokens are signed per request as Flask-WTF does.
"""

from __future__ import annotations

from flask import Flask, Response, g, session
from flask_wtf.csrf import generate_csrf

from .pagecache import LRU

_TOKENS = "weighbridge_csrf_tokens"


def install(app: Flask) -> None:
    config = app.config
    if config.get("WTF_CSRF_TIME_LIMIT") is not None or not config.get("WTF_CSRF_ENABLED", True):
        return  # tokens that expire are signed per request, as Flask-WTF does
    field = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    tokens = LRU(4096)

    def key() -> tuple[str, str] | None:
        """This session's token's key, or None: no secret yet."""
        secret = session.get(field)
        if not isinstance(secret, str):
            return None
        return (config.get("WTF_CSRF_SECRET_KEY") or app.secret_key, secret)

    @app.before_request
    def reuse_signed_token() -> None:
        if (found := key()) is None:
            return  # Flask-WTF makes a secret when a form needs one
        token = tokens.get(found)
        if token is None:
            token = generate_csrf()
            tokens.set(found, token)
        setattr(g, field, token)

    @app.after_request
    def keep_new_token(response: Response) -> Response:
        """A token Flask-WTF signed for a new secret during this request: kept for the next."""
        if (token := g.get(field)) is not None and (found := key()) is not None \
                and tokens.get(found) is None:
            tokens.set(found, token)
        return response

    app.extensions[_TOKENS] = tokens
