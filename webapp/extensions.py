"""Flask extensions, created unbound and initialised in the app factory, and the rule base the
app was started with."""

from flask import current_app
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

from .engine import RuleBase

RULEBASE_KEY = "weighbridge_rules"
BUILD_KEY = "weighbridge_build"


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
migrate = Migrate(render_as_batch=True)


def get_rulebase() -> RuleBase:
    """The rule base of the running app (loaded and compiled once, in create_app)."""
    return current_app.extensions[RULEBASE_KEY]


def get_build() -> str:
    """What every cached page depends on besides its own data: the app's version, its
    templates and the rule set (set in create_app)."""
    return current_app.extensions[BUILD_KEY]
