"""Shared fixtures: the real rule base, a tiny fixture rule base, and an app on a temp SQLite."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from webapp.app import create_app
from webapp.engine import load_rulebase

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
    """An app on a fresh SQLite file in tmp_path, on the given rules directory."""
    return create_app({
        "TESTING": True,
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite'}",
        "RULES_DIR": str(rules),
        **config,
    })


@pytest.fixture
def app(tmp_path):
    yield make_app(tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()
