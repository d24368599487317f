"""Template output is escaped exactly as MarkupSafe escapes it, only faster."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from webapp import fastescape


class Html:
    def __html__(self) -> str:
        return "<b>kept</b>"


VALUES = (st.text() | st.text().map(Markup) | st.integers() | st.floats() | st.booleans()
          | st.none() | st.just(Html()) | st.decimals(allow_nan=False))


@given(VALUES)
def test_values_are_escaped_as_markupsafe_escapes_them(value):
    fast, original = fastescape.escape(value), fastescape.ORIGINAL(value)
    assert type(fast) is Markup and str(fast) == str(original)


def test_special_values_and_characters():
    for value in ("<a href=\"x\">'&'</a>", Markup("&amp;<i>"), -0.0, math.inf, -math.nan,
                  10**30, True, None, Html(), "\x00\u2212"):
        assert str(fastescape.escape(value)) == str(fastescape.ORIGINAL(value))


def test_the_templates_use_the_faster_function(app):
    template = app.jinja_env.from_string("{{ x }}|{{ y }}")
    assert template.module is not None
    assert template.globals is not None
    assert template.render(x="<b>", y=Markup("<i>")) == "&lt;b&gt;|<i>"
    assert "escape" in template.root_render_func.__globals__
    assert template.root_render_func.__globals__["escape"] is fastescape.escape
