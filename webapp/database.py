"""The database: migrations applied when the app starts, once even when several workers start
together, and SQLite set up so that saves wait for each other instead of failing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import flask_migrate
from filelock import FileLock
from flask import Flask
from sqlalchemy import Engine, event, inspect, text

from .extensions import db

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The revision a database made by ``db.create_all()`` before migrations existed is at.
LEGACY_REVISION = "0001"
#: pg_advisory_lock key for migrations (any constant shared by all workers)
ADVISORY_LOCK = 7_313_771


@event.listens_for(Engine, "connect")
def _sqlite_connect(dbapi_connection, _record) -> None:
    """SQLite: SQLAlchemy issues BEGIN itself (see below); write-ahead logging so readers do not
    wait for writers; wait up to ten seconds for a lock rather than fail."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:
    """A save asks for ``immediate``: it takes SQLite's write lock when it begins, so two saves
    queue instead of one failing when both try to write after reading."""
    if connection.dialect.name == "sqlite":
        immediate = connection.get_execution_options().get("immediate")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_write(assessment_id: int | None = None) -> None:
    """Start the session's transaction for a save: SQLite's write lock, or on PostgreSQL the
    assessment's row locked, so that saves of one assessment happen one after the other."""
    connection = db.session.connection(execution_options={"immediate": True})
    if connection.dialect.name == "postgresql" and assessment_id is not None:
        db.session.execute(text("SELECT id FROM assessment WHERE id = :id FOR UPDATE"),
                           {"id": assessment_id})


@contextmanager
def migration_lock(app: Flask) -> Iterator[None]:
    """One migrating process at a time: a PostgreSQL advisory lock, or a lock file beside the
    SQLite database."""
    engine = db.engine
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK})
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"),
                                   {"key": ADVISORY_LOCK})
                connection.commit()
        return
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    with FileLock(f"{database}.migrate-lock", timeout=120):
        yield


def upgrade_database(app: Flask) -> None:
    """Bring the schema to the newest revision; a database that predates migrations is
    recognised and upgraded with its answers."""
    with app.app_context(), migration_lock(app):
        tables = inspect(db.engine).get_table_names()
        if "assessment" in tables and "alembic_version" not in tables:
            flask_migrate.stamp(directory=str(MIGRATIONS), revision=LEGACY_REVISION)
        flask_migrate.upgrade(directory=str(MIGRATIONS))
