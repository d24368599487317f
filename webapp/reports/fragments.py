"""Parts of the report that depend only on the rule set: rendered once per process and reused.

A finding's reasoning, source, advice and rule reference come from its rule, and a
bibliography entry from ``rules/sources.yaml``; each is the output of a macro in
``reports/_macros.html`` kept under the app's build key (its version, templates and rule
set: ``get_build()``) and the request's script root (the rule links are relative to it), so a
changed rule or template is never served from here."""

from __future__ import annotations

from typing import Any

from flask import get_template_attribute, has_request_context, request
from markupsafe import Markup

from ..extensions import get_build
from ..pagecache import LRU
from . import bp

#: Rendered fragments per worker (a rule set has some 150 rules and 40 sources).
FRAGMENTS = LRU(2048)


def _fragment(macro: str, ident: str, *args: Any) -> Markup:
    key = (get_build(), request.script_root if has_request_context() else "", macro, ident)
    html = FRAGMENTS.get(key)
    if html is None:
        html = Markup(get_template_attribute("reports/_macros.html", macro)(*args))
        FRAGMENTS.set(key, html)
    return html


@bp.app_template_global()
def rule_notes(finding) -> Markup:
    """A finding card's "Why", "Source" and "Advice" entries (all from its rule)."""
    return _fragment("rule_notes", finding.rule, finding)


@bp.app_template_global()
def rule_ref(finding) -> Markup:
    """A finding card's last line: the rule's link on the method page and its dilemmas."""
    return _fragment("rule_ref", finding.rule, finding)


@bp.app_template_global()
def source_entry(source) -> Markup:
    """One bibliography entry of the sources cited."""
    return _fragment("source_entry", source.id, source)

