"""The database the tests run on: SQLite files by default, or PostgreSQL when
WEIGHBRIDGE_TEST_DATABASE_URL names one (`.ci/run` runs the suite both ways).

The schema is migrated once per run into a template (an SQLite file copied for each app; a
PostgreSQL schema of its own, emptied for each app and dropped at the end), so every app starts
on a fresh, fully migrated database without paying for the migrations each time.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from webapp.config import normalise_database_url

POSTGRES_URL = os.environ.get("WEIGHBRIDGE_TEST_DATABASE_URL", "")
_state: dict[str, str] = {}


def kind() -> str:
    return "postgresql" if POSTGRES_URL else "sqlite"


def _postgres_schema_url() -> str:
    """A fresh schema for this run, created once, dropped when the run ends."""
    if "url" not in _state:
        schema = f"wb_test_{uuid.uuid4().hex[:10]}"
        base = normalise_database_url(POSTGRES_URL)
        engine = create_engine(base)
        with engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        _state["url"] = url.render_as_string(hide_password=False)
        _state["schema"] = schema
        atexit.register(_drop_schema, base, schema)
    return _state["url"]


def _drop_schema(base: str, schema: str) -> None:
    engine = create_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


def _migrated(url: str) -> None:
    """Run the migrations once on the template."""
    if _state.get("migrated") == url:
        return
    from webapp.app import create_app
    from webapp.extensions import db

    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.engine.dispose()
    _state["migrated"] = url


def database_url(folder: Path) -> str:
    """A fresh, migrated database for one app: a copy of the template SQLite file in
    ``folder``, or the run's PostgreSQL schema emptied."""
    if POSTGRES_URL:
        url = _postgres_schema_url()
        _migrated(url)
        _empty(url)
        return url
    if "template" not in _state:
        template = Path(tempfile.mkdtemp(prefix="weighbridge-template-")) / "template.sqlite"
        atexit.register(shutil.rmtree, template.parent, True)
        _migrated(f"sqlite:///{template}")
        _state["template"] = str(template)
    target = folder / "test.sqlite"
    shutil.copyfile(_state["template"], target)
    return f"sqlite:///{target}"


def _empty(url: str) -> None:
    from webapp.extensions import db
    from webapp.models import Assessment  # noqa: F401 - the tables are known to the metadata

    tables = [t.name for t in db.metadata.sorted_tables]
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables)
                                + " RESTART IDENTITY CASCADE"))
    engine.dispose()


def empty_database_url(folder: Path) -> str:
    """A database with no tables at all (not migrated): an SQLite file in ``folder``, or a new
    PostgreSQL schema dropped when the run ends."""
    if not POSTGRES_URL:
        return f"sqlite:///{folder / 'empty.sqlite'}"
    schema = f"wb_test_{uuid.uuid4().hex[:10]}"
    base = normalise_database_url(POSTGRES_URL)
    engine = create_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()
    atexit.register(_drop_schema, base, schema)
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)
