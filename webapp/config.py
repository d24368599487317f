"""Default configuration. ``instance/config.py`` and environment variables override it."""

from __future__ import annotations

import os


class DefaultConfig:
    # SQLite in the instance folder unless DATABASE_URL says otherwise (set in create_app).
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_CSRF_TIME_LIMIT = None  # assessments are filled in over days; the session guards CSRF
    RULES_DIR: str | None = None  # None: paths.rules_directory() decides
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024


def environment_overrides() -> dict[str, str]:
    """Settings taken from the environment, when set."""
    overrides = {}
    if os.environ.get("DATABASE_URL"):
        overrides["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
    if os.environ.get("SECRET_KEY"):
        overrides["SECRET_KEY"] = os.environ["SECRET_KEY"]
    return overrides


def normalise_database_url(url: str) -> str:
    """Accept the usual ``postgres://`` forms and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
