"""Parts of the report that depend only on the rule set, or only on the answers: rendered once
per process and reused.

A finding's reasoning, source, advice and rule reference come from its rule, and a
bibliography entry from ``rules/sources.yaml``; each is the output of a macro in
``reports/_macros.html`` kept under the app's build key (its version, templates and rule
set: ``get_build()``) and the request's script root (the rule links are relative to it), so a
changed rule or template is never served from here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import get_template_attribute, has_request_context, render_template, request
from markupsafe import Markup

from ..extensions import get_build, get_rulebase
from ..filters import signed
from ..pagecache import LRU
from . import bp
from .answers_shown import AnswersShown
from .forms import weights_query

#: Rendered fragments per worker (a rule set has some 150 rules and 40 sources).
FRAGMENTS = LRU(2048)
#: Appendix B of the assessments seen lately (some 25 kB each)
APPENDICES = LRU(256)


def kept_scope() -> tuple[str, str]:
    """What every kept part depends on: the app's build and where it is mounted."""
    return get_build(), request.script_root if has_request_context() else ""


def _fragment(macro: str, ident: str, *args: Any) -> Markup:
    return FRAGMENTS.get_or_make((kept_scope(), macro, ident), lambda: Markup(
        get_template_attribute("reports/_macros.html", macro)(*args)))


@bp.app_template_global()
def report_args() -> dict[str, str]:
    """The weights the page was asked for, for its links (see ``weights_query``)."""
    return weights_query(get_rulebase())


@bp.app_template_global()
def rule_notes(finding) -> Markup:
    """A finding card's "Why", "Source" and "Advice" entries (all from its rule)."""
    return _fragment("rule_notes", finding.rule, finding)


@bp.app_template_global()
def rule_ref(finding) -> Markup:
    """A finding card's last line: the rule's link on the method page and its dilemmas."""
    return _fragment("rule_ref", finding.rule, finding)


@bp.app_template_global()
def kept_concern_chart(chart) -> Markup:
    """The concerns' chart: risk, residual risk, benefit and net per concern, none of which
    the weights change, so a report viewed under other weights draws it from here."""
    return _fragment("concern_chart", repr(chart), chart)


@bp.app_template_global()
def source_entry(source) -> Markup:
    """One bibliography entry of the sources cited."""
    return _fragment("source_entry", source.id, source)


@bp.app_template_global()
def answers_appendix(shown: AnswersShown) -> Markup:
    """Appendix B, the answers given: the same whatever the weights, so it is kept by what it
    is made from (the answers, notes and registry marks, and today's date: registry facts
    age) and rendered once for them."""
    key = (kept_scope(), dt.date.today().isoformat(), shown.key())
    return APPENDICES.get_or_make(key, lambda: Markup(
        render_template("reports/_appendix_answers.html", answered=shown.sections())))


#: stands for a finding's contribution in a kept card; escaped text never holds "<"
CONTRIBUTION_MARK = "<contribution>"


def _with_contribution(html: Markup, finding) -> Markup:
    """The kept card or row with the finding's contribution put in (a signed number: no
    character to escape, so str.replace, not Markup.replace, which escapes its arguments)."""
    return Markup(str.replace(html, CONTRIBUTION_MARK, signed(finding.weighted, 3)))
CARDS = LRU(4096)


@bp.app_template_global()
def finding_card(finding) -> Markup:
    """A finding in full (Appendix A). Only its contribution to the balance depends on the
    weights, so the card is kept by everything else it shows and the contribution put in."""
    cause = finding.cause
    key = (kept_scope(), finding.rule,
           finding.effect, finding.status, finding.concern, bool(finding.red_line),
           finding.says, finding.points, finding.residual, finding.counts,
           tuple(m.rule for m in finding.mitigated_by),
           (tuple(cause.members), cause.name, cause.share, cause.total, cause.cap)
           if cause else None, repr(finding.because))
    html = CARDS.get_or_make(key, lambda: Markup(render_template(
        "reports/_finding_card.html", f=finding, rulebase=get_rulebase(),
        contribution=Markup(CONTRIBUTION_MARK))))
    return _with_contribution(html, finding)


ROWS = LRU(4096)


@bp.app_template_global()
def finding_row(finding) -> Markup:
    """A finding's row in the findings table, kept (like its card) by all it shows but its
    contribution to the balance, which is put in."""
    key = (kept_scope(), finding.rule, finding.effect, finding.status, bool(finding.red_line),
           finding.concern, finding.title, finding.says)
    html = ROWS.get_or_make(key, lambda: Markup(render_template(
        "reports/_finding_row.html", f=finding, rulebase=get_rulebase(),
        contribution=Markup(CONTRIBUTION_MARK))))
    return _with_contribution(html, finding)


@bp.app_template_global()
def kept_shown_by(condition) -> Markup:
    """The answers that show a condition in place, in words (the same whatever the weights)."""
    return _fragment("shown_by", repr(tuple(condition.answers.items())), condition)
