"""Weighbridge: a weighted balance-of-concerns report for digital-technology decisions."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from .config import DefaultConfig, environment_overrides
from .engine import RuleBase, load_rulebase
from .extensions import csrf, db
from .paths import default_rules_dir

__version__ = "0.1.0"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The app factory: instance-relative config, rules loaded and checked before serving.

    A broken rules file raises RuleBaseError listing every problem, so the app never starts
    on a rule base it cannot explain.
    """
    app = Flask(__name__, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(environment_overrides())
    if test_config:
        app.config.update({k: v for k, v in test_config.items() if v is not None})
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        database = Path(app.instance_path) / "weighbridge.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{database}"
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))

    rules_dir = app.config.get("RULES_DIR") or default_rules_dir()
    app.extensions["weighbridge_rules"] = load_rulebase(rules_dir)

    db.init_app(app)
    csrf.init_app(app)

    from .questionnaire import bp as questionnaire_bp
    from .reports import bp as reports_bp

    app.register_blueprint(questionnaire_bp)
    app.register_blueprint(reports_bp)

    from . import filters

    filters.register(app)

    with app.app_context():
        from . import models  # noqa: F401 - register tables

        db.create_all()
    return app


def _instance_secret(instance: Path) -> str:
    """A secret key generated into instance/ on first run and reused afterwards."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def get_rulebase() -> RuleBase:
    from flask import current_app

    return current_app.extensions["weighbridge_rules"]
