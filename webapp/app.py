"""The Flask app factory: instance-relative configuration, the rule base loaded and checked
before anything is served, the blueprints registered."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from . import (
    __version__,
    csrftokens,
    errors,
    fastescape,
    fastforms,
    filters,
    models,
    security,
    siteheader,
    urls,
)
from .accounts import bp as accounts_bp
from .accounts import init_app as init_accounts
from .actionplan import bp as actionplan_bp
from .admin import bp as admin_bp
from .comparisons import bp as comparisons_bp
from .compression import init_compression
from .config import DefaultConfig, environment_overrides
from .database import MIGRATIONS, upgrade_database
from .engine import load_rulebase
from .extensions import BUILD_KEY, RULEBASE_KEY, csrf, db, migrate
from .history import bp as history_bp
from .manage import bp as manage_bp
from .pagecache import build_id
from .paths import rules_directory
from .portfolio import bp as portfolio_bp
from .questionnaire import bp as questionnaire_bp
from .reassess import bp as reassess_bp
from .reports import bp as reports_bp
from .review import bp as review_bp
from .review.service import AnswersLocked


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

    rulebase = load_rulebase(rules_directory(app.config.get("RULES_DIR")))
    app.extensions[RULEBASE_KEY] = rulebase
    app.extensions[BUILD_KEY] = build_id(__version__, rulebase.fingerprint,
                                         Path(app.root_path) / "templates")

    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    csrf.init_app(app)
    csrftokens.install(app)
    init_compression(app)
    fastforms.install()
    fastescape.install()
    app.register_blueprint(questionnaire_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(manage_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(review_bp)
    app.register_error_handler(AnswersLocked, _answers_locked)
    init_accounts(app)
    app.register_blueprint(history_bp)
    app.register_blueprint(actionplan_bp)
    app.register_blueprint(reassess_bp)
    app.register_blueprint(comparisons_bp)
    app.register_blueprint(portfolio_bp)
    filters.register(app)
    errors.register(app)
    security.register(app)
    urls.install(app)
    siteheader.install(app)
    if app.config.get("BENCHMARK_BARE_ENDPOINT"):
        app.add_url_rule("/_bench/bare", "bench_bare", _bare)

    if app.config.get("AUTO_MIGRATE", True):
        upgrade_database(app)
    return app


def _answers_locked(error: AnswersLocked):
    """A save of answers to a submitted or approved assessment: refused, said on the report."""
    from flask import flash, redirect, url_for

    flash(str(error), "warning")
    return redirect(url_for("reports.report", assessment_id=error.assessment_id))


def _bare() -> tuple[str, int, dict[str, str]]:
    """The load benchmark's yardstick: the app's whole stack with no work in the view."""
    return "ok", 200, {"Content-Type": "text/plain"}


def _instance_secret(instance: Path) -> str:
    """A secret key generated into instance/ on first run and reused afterwards."""
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


__all__ = ["create_app", "models"]
