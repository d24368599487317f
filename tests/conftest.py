"""Shared fixtures: the real rule base, small fixture rule bases, and an app on a fresh,
migrated database (SQLite, or PostgreSQL with WEIGHBRIDGE_TEST_DATABASE_URL: tests/databases.py)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from webapp.app import create_app
from webapp.engine import load_rulebase

from .databases import database_url

# Parsed rule files are cached by content; the tests keep theirs apart from the user's.
os.environ.setdefault("WEIGHBRIDGE_CACHE_DIR", tempfile.mkdtemp(prefix="weighbridge-cache-"))

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"
DATED = FIXTURES / "dated"  # every question type, a date among them
FOUR_CONCERNS = FIXTURES / "four_concerns"  # four concerns of other names


@pytest.fixture(scope="session")
def rulebase():
    return load_rulebase(RULES)


@pytest.fixture(scope="session")
def mini():
    return load_rulebase(MINI)


def example_answers(name: str) -> dict:
    return json.loads((EXAMPLES / name).read_text())["answers"]


def make_app(tmp_path: Path, rules: Path = RULES, **config):
    """An app on a fresh, migrated database, on the given rules directory."""
    return create_app({
        "TESTING": True,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "AUTO_MIGRATE": False,
        "RULES_DIR": str(rules),
        **config,
    })


@pytest.fixture
def app(tmp_path):
    yield make_app(tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


def pytest_report_header(config):
    from .databases import POSTGRES_URL

    where = f"PostgreSQL at {POSTGRES_URL.split('@')[-1]}" if POSTGRES_URL else "SQLite"
    return f"weighbridge test database: {where} (WEIGHBRIDGE_TEST_DATABASE_URL)"
