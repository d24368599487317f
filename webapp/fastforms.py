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
#: attributes already written, by their names, value types and values: the same inputs recur
#: on every page (each option of each question); cleared when full
_WRITTEN: dict[tuple[tuple[str, type, Any], ...], Markup] = {}
_WRITTEN_MAX = 20_000
_TEXT_MAX = 200  # longer values (typed-in notes) are not remembered
#: value types whose text is fixed by their value (Markup and other objects are not)
_PLAIN = {str, int, float, bool, type(None)}


def html_params(**kwargs: Any) -> Markup:
    """``wtforms.widgets.html_params``: attributes sorted by name; True writes the bare name,
    False leaves it out; ``data_``/``aria_`` names take hyphens; names and values escaped."""
    items = sorted(kwargs.items())
    key = []
    for name, value in items:
        kind = type(value)
        if kind not in _PLAIN or (kind is str and len(value) > _TEXT_MAX):
            return _write(items)
        # the type keeps True apart from 1, repr keeps -0.0 apart from 0.0
        key.append((name, kind, repr(value) if kind is float else value))
    remembered = tuple(key)
    found = _WRITTEN.get(remembered)
    if found is None:
        if len(_WRITTEN) >= _WRITTEN_MAX:
            _WRITTEN.clear()
        found = _WRITTEN[remembered] = _write(items)
    return found


def _write(items: list[tuple[str, Any]]) -> Markup:
    params = []
    for key, value in items:
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
