"""Reports: the balance-of-concerns report of an assessment, on screen and in print."""

from flask import Blueprint

bp = Blueprint("reports", __name__)

from . import fragments, method, review_box, routes, toolbar  # noqa: E402,F401
