"""Sentinels and small helpers for answer values shared across the engine."""

from __future__ import annotations

from typing import Final

#: An answer the user does not know (the form's "don't know"); a missing answer means the same.
UNKNOWN: Final = "unknown"


class _NotApplicable:
    """The state of a question whose ``show_if`` (or its section's) is false."""

    _instance: _NotApplicable | None = None

    def __new__(cls) -> _NotApplicable:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_APPLICABLE"


NOT_APPLICABLE: Final = _NotApplicable()

VERDICTS: Final = ("proceed", "proceed_with_conditions", "escalate", "do_not_proceed")
VERDICT_LABELS: Final = {
    "proceed": "Proceed",
    "proceed_with_conditions": "Proceed with conditions",
    "escalate": "Escalate",
    "do_not_proceed": "Do not proceed",
}
CONCERNS: Final = ("open_economy", "digital_security", "alliances", "development", "rights")
EFFECTS: Final = ("risk", "benefit", "mitigation")
QUESTION_TYPES: Final = ("choice", "multi", "yesno", "number", "text")
