"""Faster escaping of template output, with the same text.

Jinja escapes every ``{{ … }}`` of an HTML template with MarkupSafe's ``escape``, which builds
its result through ``Markup.__new__`` (Python code) even for a value already ``Markup``: a
report page makes some 500 of them, about a twelfth of its rendering. ``install`` gives the
templates a function that returns the same text, making the ``Markup`` directly
(tests/test_fastescape.py checks it against MarkupSafe's on arbitrary input).
"""

from __future__ import annotations

from typing import Any

import jinja2.runtime
from markupsafe import Markup, _escape_inner
from markupsafe import escape as ORIGINAL

_new_str = str.__new__


def escape(value: Any) -> Markup:
    """``markupsafe.escape``: the value's text with ``& < > ' "`` escaped, or its
    ``__html__`` if it has one."""
    kind = type(value)
    if kind is str:
        return _new_str(Markup, _escape_inner(value))
    if kind is Markup:
        return value  # its __html__ is itself
    if kind is int or kind is float:
        return _new_str(Markup, str(value))  # digits, signs, '.', 'e', 'inf', 'nan' only
    return ORIGINAL(value)


def install() -> None:
    """Templates compiled from now on escape with the faster function (Jinja's generated
    code imports ``escape`` from ``jinja2.runtime``)."""
    jinja2.runtime.escape = escape  # type: ignore[attr-defined]
