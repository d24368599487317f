"""Error pages: every 4xx and 5xx in the site's own layout, saying what happened, whether
anything was lost and the way back."""

from __future__ import annotations

from flask import Flask, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db
from .models import MAX_ID, Assessment, may_see

#: What the user should know for the usual codes; others use Werkzeug's description.
EXPLANATIONS = {
    400: "The request could not be read: a field held something this page never offers. "
         "Nothing was changed.",
    404: "There is no such page. The assessment may have been deleted, or the address was "
         "mistyped.",
    405: "This address does not take that kind of request. Nothing was changed.",
    413: "What was sent is larger than this site accepts ({limit}). Nothing was saved; send "
         "less, or split it.",
    500: "Something went wrong on our side. Answers saved before this are safe; the page you "
         "were on may need to be sent again. The error has been logged.",
}
CSRF_EXPLANATION = ("This form had expired or did not come from this site, so it was not "
                    "saved. Go back, reload the page and send it again.")


def register(app: Flask) -> None:
    """Render every HTTP error with ``errors/error.html``."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return _page(error), error.code or 500

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        return _page(error), 500


def _page(error: HTTPException) -> str:
    code = error.code or 500
    limit = request.max_content_length or 0
    explanation = EXPLANATIONS.get(code, error.description or "")
    if isinstance(error, CSRFError):
        explanation = CSRF_EXPLANATION
    elif code in (400, 403, 409) and error.description and not error.description.startswith(
            ("The browser", "You don't have the permission", "A conflict happened")):
        explanation = error.description  # a message written for the user by the view
    return render_template("errors/error.html", code=code, name=error.name,
                           explanation=explanation.format(limit=f"{limit // 2**20} MB"),
                           back=_way_back(code))


def _way_back(code: int) -> dict[str, str] | None:
    """The assessment the request was about, when the address names one that may exist."""
    assessment_id = (request.view_args or {}).get("assessment_id")
    if code >= 500 or not isinstance(assessment_id, int) or not 0 < assessment_id <= MAX_ID:
        return None
    try:
        found = db.session.get(Assessment, assessment_id)
        exists = found is not None and may_see(found.team_id)  # outsiders: not even that
    except SQLAlchemyError:
        return None
    if not exists:
        return None
    return {"href": url_for("questionnaire.resume", assessment_id=assessment_id),
            "text": "Back to this assessment"}
