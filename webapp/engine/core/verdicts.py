"""The four verdicts, ordered from the most to the least favourable."""

from __future__ import annotations

from enum import IntEnum

LABELS = {
    "proceed": "Proceed",
    "proceed_with_conditions": "Proceed with conditions",
    "escalate": "Escalate",
    "do_not_proceed": "Do not proceed",
}


class Verdict(IntEnum):
    """Ordered: a higher verdict argues more strongly against going ahead. Serialised (JSON,
    CSV, URLs) by its ``id``, e.g. ``"proceed_with_conditions"``."""

    PROCEED = 0
    PROCEED_WITH_CONDITIONS = 1
    ESCALATE = 2
    DO_NOT_PROCEED = 3

    @property
    def id(self) -> str:
        return self.name.lower()

    @property
    def label(self) -> str:
        return LABELS[self.id]

    @classmethod
    def of(cls, verdict_id: str) -> Verdict:
        """The verdict with this id; raises KeyError for an unknown id."""
        return cls[verdict_id.upper()]

    def __str__(self) -> str:
        return self.id

    def __format__(self, spec: str) -> str:
        return format(self.id, spec)


#: Verdict ids in order, as rule files and JSON write them.
VERDICT_IDS: tuple[str, ...] = tuple(v.id for v in Verdict)
