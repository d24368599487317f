"""The review box on the report page (the state, the reviewer's comment, the next step and its
forms), kept by everything it shows: a report viewed under new weights shows the same box."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from ..pagecache import LRU
from . import bp
from .fragments import kept_scope

REVIEW_BOXES = LRU(256)


@bp.app_template_global()
def review_box(assessment, progress) -> Markup:
    """The box for this assessment's state as the signed-in person sees it; its forms carry
    the session's CSRF token."""
    viewer = (getattr(current_user, "id", None), bool(getattr(current_user, "can_review", False)))
    key = (kept_scope(), assessment.id, assessment.status, assessment.review_comment,
           assessment.author_id, bool(progress.draft), viewer, generate_csrf())
    return REVIEW_BOXES.get_or_make(key, lambda: Markup(render_template(
        "reports/_review.html", assessment=assessment, progress=progress, **_forms())))


def _forms() -> dict[str, Any]:
    from ..manage.forms import ConfirmForm
    from ..review.forms import ReviewForm

    return {"confirm": ConfirmForm(), "review_form": ReviewForm()}
