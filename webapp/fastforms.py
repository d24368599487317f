"""Faster rendering of form fields, with the same HTML.

WTForms writes each HTML attribute with ``Markup.format`` (``string.Formatter`` escaping every
field), which made up almost half the time of a wizard page: a page has dozens of radio
buttons and checkboxes. ``install`` puts in its place a function that writes the same text
directly (tests/test_fastforms.py checks it against WTForms' own on arbitrary input).
"""

from __future__ import annotations

from typing import Any

import wtforms.widgets
from markupsafe import Markup, escape
from wtforms.widgets import core

ORIGINAL = core.html_params


def html_params(**kwargs: Any) -> Markup:
    """``wtforms.widgets.html_params``: attributes sorted by name; True writes the bare name,
    False leaves it out; ``data_``/``aria_`` names take hyphens; names and values escaped."""
    params = []
    for key, value in sorted(kwargs.items()):
        name = escape(core.clean_key(key))
        if value is True:
            params.append(name)
        elif value is not False:
            params.append(f'{name}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(params))


def install() -> None:
    """Use the faster function wherever WTForms' widgets and labels write attributes."""
    core.html_params = html_params  # Select, TextArea, ListWidget, options
    wtforms.widgets.html_params = html_params  # Label
    core.Input.html_params = staticmethod(html_params)  # every <input>
    core.Button.html_params = staticmethod(html_params)
