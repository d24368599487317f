"""The lists the report template loops over, sorted out once in Python rather than with
filter pipelines in the template."""

from __future__ import annotations

from typing import Any

#: An unknown answer matters when answering it narrows the balance's range by more than this.
NARROWS = 0.0005


def finding_groups(result) -> dict[str, Any]:
    """The findings that count in the balance (``counted``; the ``possible`` ones among them),
    the mitigations in place, those that reduce a risk found here (``useful``), the unknown
    answers worth finding out first (``top_gaps``) and the analysis's list of them (those, then
    the ones that narrow the range by little but could change the verdict: ``gaps_listed``)."""
    counted = [f for f in result.findings if f.effect != "mitigation"]
    mitigations = [f for f in result.findings if f.effect == "mitigation"]
    analysis = result.analysis
    gaps = analysis.evidence_gaps if analysis else []
    top_gaps = [g for g in gaps if g.narrows_by > NARROWS]
    return dict(
        counted=counted,
        possible=[f for f in counted if f.status == "possible"],
        mitigations=mitigations,
        useful=[m for m in mitigations if any(r.target_fires for r in m.reduces)],
        top_gaps=top_gaps,
        gaps_listed=top_gaps + [g for g in gaps
                                if g.narrows_by <= NARROWS and g.could_change_verdict],
    )
