"""Where the rule base lives: the one place that reads ``WEIGHBRIDGE_RULES_DIR``."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ENV_VARIABLE = "WEIGHBRIDGE_RULES_DIR"


class RulesNotFound(FileNotFoundError):
    """No rules directory was given and none ships with the package."""


def rules_directory(configured: str | Path | None = None) -> Path:
    """The rules directory: ``configured`` (the --rules option or the app's ``RULES_DIR``),
    else ``WEIGHBRIDGE_RULES_DIR``, else the rules shipped in the package (a wheel), else
    ``rules/`` beside the package (a source checkout)."""
    if configured:
        return Path(configured)
    if os.environ.get(ENV_VARIABLE):
        return Path(os.environ[ENV_VARIABLE])
    for candidate in (PACKAGE_DIR / "rules", PACKAGE_DIR.parent / "rules"):
        if (candidate / "questions.yaml").is_file():
            return candidate
    raise RulesNotFound(
        f"no rule base found: neither {PACKAGE_DIR / 'rules'} (installed) nor "
        f"{PACKAGE_DIR.parent / 'rules'} (source checkout) holds questions.yaml; "
        f"set {ENV_VARIABLE} to a rules directory")
