"""Default configuration. ``instance/config.py`` and environment variables override it."""

from __future__ import annotations

import os

#: The largest request body or file (answers, imports) the web app and the CLI accept.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class DefaultConfig:
    # SQLite in the instance folder unless DATABASE_URL says otherwise (set in create_app).
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None  # assessments are filled in over days; the session guards CSRF
    RULES_DIR: str | None = None  # None: paths.rules_directory() decides
    MAX_CONTENT_LENGTH = MAX_UPLOAD_BYTES
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SECURE = False  # also Secure whenever the request came by HTTPS
    HSTS_SECONDS = 31536000  # sent only on HTTPS responses; 0 turns it off
    PROXIES = 0  # reverse proxies in front that set X-Forwarded-*: ProxyFix trusts this many
    #: A trivial route (``/_bench/bare``) for the load benchmark to compare pages against;
    #: off unless the benchmark turns it on (``BENCHMARK_BARE_ENDPOINT=1`` in the environment).
    BENCHMARK_BARE_ENDPOINT = False
    #: a signed-in session ends after this many minutes without a request (0: never)
    SESSION_IDLE_MINUTES = 30
    #: failed sign-ins before a username is locked out, and before an address is
    LOGIN_MAX_FAILURES = 5
    LOGIN_MAX_FAILURES_PER_IP = 20
    #: how long a lock-out lasts
    LOGIN_LOCK_MINUTES = 15
    #: how long a worker keeps what it read of a signed-in account (name, role, team, active);
    #: a change made through another worker takes effect within this many seconds (0: read
    #: the account on every request)
    ACCOUNT_CACHE_SECONDS = 5
    #: werkzeug's password hashing method (scrypt with its default cost)
    PASSWORD_HASH_METHOD = "scrypt"


def environment_overrides() -> dict[str, object]:
    """Settings taken from the environment, when set."""
    overrides = {}
    if os.environ.get("DATABASE_URL"):
        overrides["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
    if os.environ.get("SECRET_KEY"):
        overrides["SECRET_KEY"] = os.environ["SECRET_KEY"]
    for name in ("PROXIES", "HSTS_SECONDS", "SESSION_IDLE_MINUTES", "LOGIN_MAX_FAILURES",
                 "LOGIN_MAX_FAILURES_PER_IP", "LOGIN_LOCK_MINUTES", "ACCOUNT_CACHE_SECONDS"):
        value = os.environ.get(f"WEIGHBRIDGE_{name}")
        if value is not None:
            overrides[name] = int(value)
    if os.environ.get("WEIGHBRIDGE_PAUSE_BEFORE_COMMIT"):  # the kill test only
        overrides["PAUSE_BEFORE_COMMIT"] = os.environ["WEIGHBRIDGE_PAUSE_BEFORE_COMMIT"]
    if os.environ.get("WEIGHBRIDGE_SECURE_COOKIES"):
        overrides["SESSION_COOKIE_SECURE"] = os.environ["WEIGHBRIDGE_SECURE_COOKIES"] == "1"
    if os.environ.get("BENCHMARK_BARE_ENDPOINT") in ("1", "true", "yes"):
        overrides["BENCHMARK_BARE_ENDPOINT"] = True
    return overrides


def normalise_database_url(url: str) -> str:
    """Accept the usual ``postgres://`` forms and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
