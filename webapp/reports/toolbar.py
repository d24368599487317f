"""The report's tools on screen: the download links and the weights form.

Rendered once per assessment and what the form shows besides the typed-in weights, then kept:
a report viewed under new weights differs in its toolbar only by the weights (the fields'
values, their placeholders and the query the links carry on), which are put into the kept
HTML. A form with errors is rendered as it is (it is rare, and its messages vary)."""

from __future__ import annotations

import re

from flask import render_template, url_for
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from ..extensions import get_rulebase
from ..pagecache import LRU
from . import bp
from .forms import report_options_form, weights_query
from .fragments import kept_scope

TOOLBARS = LRU(256)
#: stand for the weights in a kept toolbar: escaped text never holds U+E000 (a private-use
#: character), and a link's query is the marker argument url_for adds
_MARK = "\ue000"
_LINK_MARK = {"wbq": "1"}
_MARKS = re.compile(r"\ue000([VP])(\d+)\ue000|\?wbq=1|&amp;wbq=1")


@bp.app_template_global()
def report_toolbar(assessment, form, result, pdf_problem: str | None) -> Markup:
    """The toolbar as the query string filled in the form, for this result."""
    concerns = list(result.concerns)
    placeholders = [round(result.weights[c], 2) for c in concerns]  # Jinja's round(2)
    if form.errors or form.form_errors:
        return Markup(_render(assessment, form, result, pdf_problem,
                              weights_query(get_rulebase()),
                              dict(zip(concerns, placeholders, strict=True))))
    key = (kept_scope(), assessment.id, pdf_problem, form.profile.data, result.profile,
           tuple((concern, score.applies) for concern, score in result.concerns.items()))
    kept = TOOLBARS.get_or_make(key, lambda: _marked(assessment, result, pdf_problem,
                                                     form.profile.data, concerns))
    values = [form[f"w_{c}"]._value() for c in concerns]
    query = url_for("reports.report", assessment_id=assessment.id,
                    **weights_query(get_rulebase())).partition("?")[2]

    def put_in(match: re.Match) -> str:
        kind, index = match.group(1), match.group(2)
        if kind:
            return escape((values if kind == "V" else placeholders)[int(index)])
        if not query:
            return ""
        return ("?" if match.group(0)[0] == "?" else "&amp;") + str(escape(query))

    return Markup(_MARKS.sub(put_in, kept))


def _marked(assessment, result, pdf_problem, profile: str, concerns: list[str]) -> str:
    """The toolbar with a marker for each weight, placeholder and the links' query."""
    marks = MultiDict({f"w_{c}": f"{_MARK}V{i}{_MARK}" for i, c in enumerate(concerns)})
    form = report_options_form(get_rulebase(), marks)
    form.profile.data = profile
    return _render(assessment, form, result, pdf_problem, _LINK_MARK,
                   {c: f"{_MARK}P{i}{_MARK}" for i, c in enumerate(concerns)})


def _render(assessment, form, result, pdf_problem, link_args, placeholders) -> str:
    return render_template("reports/_toolbar.html", assessment=assessment, form=form,
                           result=result, pdf_problem=pdf_problem, link_args=link_args,
                           placeholders=placeholders)
