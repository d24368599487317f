"""Form validators shared by the web forms: text the database can store, within the limits
the command line applies too (``engine.qtypes.text.text_problem``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wtforms.validators import ValidationError

from .engine.qtypes.text import MAX_TEXT, text_problem


def plain_text(limit: int = MAX_TEXT) -> Callable[[Any, Any], None]:
    """Refuse text over ``limit`` characters or holding a control character such as NUL."""

    def check(form: Any, field: Any) -> None:
        problem = text_problem(field.data or "", limit)
        if problem:
            raise ValidationError(f"This text {problem}.")

    return check
