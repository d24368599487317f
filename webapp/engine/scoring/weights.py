"""Which weights an assessment is scored with: a named profile, or custom weights."""

from __future__ import annotations

import math
from collections.abc import Mapping

from ..loading.rulebase import RuleBase

CUSTOM = "custom"


class WeightsError(ValueError):
    """Weights or a profile name that cannot be used."""


def resolve_weights(rulebase: RuleBase, profile: str | None = None,
                    weights: Mapping[str, float] | None = None) -> tuple[str, dict[str, float]]:
    """The profile name and weights to use: custom weights override the named profile's."""
    concerns = rulebase.concern_ids
    if weights:
        base = (dict(rulebase.profiles[profile].weights) if profile in rulebase.profiles
                else {c: 1.0 for c in concerns})
        for concern, value in weights.items():
            if concern not in concerns:
                raise WeightsError(f'unknown concern "{concern}" (one of {", ".join(concerns)})')
            if isinstance(value, bool) or not isinstance(value, int | float) or not (
                    math.isfinite(value)) or value < 0:
                raise WeightsError(f"the weight of {concern} must be a number of 0 or more")
            base[concern] = float(value)
        if sum(base.values()) <= 0:
            raise WeightsError("at least one weight must be above 0")
        return CUSTOM, base
    name = profile or "balanced"
    if name not in rulebase.profiles:
        raise WeightsError(f'unknown profile "{name}" (one of {", ".join(rulebase.profiles)})')
    return name, dict(rulebase.profiles[name].weights)
