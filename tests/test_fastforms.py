"""Form fields render exactly as WTForms renders them, only faster."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from webapp import fastforms

NAMES = st.from_regex(r"[a-z][a-z_]{0,12}_?", fullmatch=True) | st.sampled_from(
    ["class_", "for_", "data_exclusive", "aria_describedby", "aria-describedby", "x<y"])
VALUES = (st.booleans() | st.text(max_size=20) | st.integers() | st.floats(allow_nan=False)
          | st.none() | st.text(max_size=20).map(Markup))


@given(st.dictionaries(NAMES, VALUES, max_size=8))
def test_attributes_are_written_as_wtforms_writes_them(attributes):
    assert fastforms.html_params(**attributes) == fastforms.ORIGINAL(**attributes)


def test_values_equal_in_python_but_written_differently_are_kept_apart():
    """True == 1, 0.0 == -0.0 and Markup("&amp;") == "&amp;" in Python; in HTML they differ."""
    for first, second in [(True, 1), (1, True), (0.0, -0.0), ("&amp;", Markup("&amp;")),
                          (Markup("&amp;"), "&amp;"), (1, 1.0)]:
        for value in (first, second):
            assert fastforms.html_params(x=value) == fastforms.ORIGINAL(x=value)


def test_the_wizard_uses_the_faster_function(app):
    from wtforms.widgets import core

    assert core.html_params is fastforms.html_params
    assert core.Input.html_params is fastforms.html_params
