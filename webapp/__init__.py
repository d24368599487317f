"""Weighbridge: a weighted balance-of-concerns report for digital-technology decisions.

The package itself imports nothing: ``webapp.engine`` (the pure core) and the command line stay
free of the web stack, which ``webapp.app`` (the Flask app factory) brings in.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """``webapp.create_app``, imported from ``webapp.app`` only when it is asked for."""
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(f"module 'webapp' has no attribute {name!r}")
