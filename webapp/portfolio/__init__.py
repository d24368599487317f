"""Portfolio screening in the web app: upload a CSV of projects, screen it (in the background
when large), a sortable and filterable table, a chart of the verdicts and the concerns that
drive them, each project opened as an assessment, the summary and the PDFs as one zip."""

from flask import Blueprint

bp = Blueprint("portfolio", __name__)

from . import models, routes  # noqa: E402,F401
