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

from .accounts_support import TEST_HASH, SignedInClient, add_account
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
    """An app on a fresh, migrated database, on the given rules directory, with one account,
    "tester" (an assessor of the default team), whom ``app.test_client()`` is signed in as
    (``app.test_client(user=None)``: anonymous; ``user="name"``: another account)."""
    app = create_app({
        "TESTING": True,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "AUTO_MIGRATE": False,
        "RULES_DIR": str(rules),
        "PASSWORD_HASH_METHOD": TEST_HASH,
        **config,
    })
    add_account(app, "tester", "assessor", name="Test Assessor")
    app.test_client_class = SignedInClient
    return app


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


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, one per test module (tests/browser_support.py)."""
    from .browser_support import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def live(tmp_path_factory, browser):
    """A live server of the app (CSRF on), one per test module; .url and .app. Asks for the
    browser first, so a module without one is skipped (or fails under CI=true) before
    anything starts."""
    from .browser_support import live_server

    with live_server(tmp_path_factory.mktemp("live"), browser) as running:
        yield running


@pytest.fixture(scope="module")
def server(live):
    """The live server's address."""
    return live.url
