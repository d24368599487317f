"""Where the rule base lives when nobody says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def default_rules_dir() -> Path:
    """``WEIGHBRIDGE_RULES_DIR``, else ``rules/`` beside the package, else ``./rules``."""
    configured = os.environ.get("WEIGHBRIDGE_RULES_DIR")
    if configured:
        return Path(configured)
    beside = PACKAGE_DIR.parent / "rules"
    if beside.is_dir():
        return beside
    return Path.cwd() / "rules"
