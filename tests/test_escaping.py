"""Every text a person types is shown as text, never run: an XSS payload in every free-text
field (title, assessor, summary, the text answers, an evidence note, an action's owner and
reason, a reviewer's comment) comes out escaped in the report, history and action pages,
as literal text in the PDF, and neutralised in the CSV."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import date

import pytest

from webapp.actionplan.models import Action
from webapp.extensions import db
from webapp.models import Assessment
from webapp.reports.pdf import pdf_unavailable

from .conftest import example_answers
from .wizard_helpers import walk

SCRIPT = "<script>alert(1)</script>"
#: each field's payload names the field, so a test failure says which one leaked
FIELDS = ["title", "assessor", "summary", "scenario", "partner", "evidence", "owner", "reason",
          "comment"]


def payload(field: str) -> str:
    return f"={field} <script>alert(1)</script><img src=x onerror=alert(2)>"


@pytest.fixture
def hostile(app, client):
    response = client.post("/assessments/new", data={"title": payload("title"),
                                                      "assessor": payload("assessor")})
    assessment_id = int(response.headers["Location"].split("/")[2])
    answers = example_answers("rural_access_network_ldc.json")
    answers.update(scenario_summary=payload("scenario"), partner_name=payload("partner"))
    walk(client, assessment_id, answers, {"ldc": payload("evidence")})
    client.post(f"/assessments/{assessment_id}/edit", data={
        "title": payload("title"), "assessor": payload("assessor"),
        "summary": payload("summary")})
    with app.app_context():
        db.session.add(Action(assessment_id=assessment_id, key="k1", kind="mitigation",
                              text="Keep the network's management in-house", answers={},
                              addresses=[], owner=payload("owner"), due=date(2027, 3, 31),
                              status="dropped", reason=payload("reason")))
        db.session.get(Assessment, assessment_id).review_comment = payload("comment")
        db.session.commit()
    return assessment_id


def assert_escaped(page: str, fields: list[str]) -> None:
    assert SCRIPT not in page and "<img src=x" not in page
    for field in fields:
        assert f"={field} &lt;script&gt;alert(1)&lt;/script&gt;" in page, field


def test_every_free_text_is_escaped_in_the_pages(client, hostile):
    report = client.get(f"/assessments/{hostile}/report").text
    assert_escaped(report, ["title", "assessor", "scenario", "partner", "evidence", "owner",
                            "reason", "comment"])
    assert_escaped(client.get(f"/assessments/{hostile}/actions").text, ["owner"])
    assert_escaped(client.get(f"/assessments/{hostile}/history").text, ["title"])
    assert_escaped(client.get("/").text, ["title"])
    assert_escaped(client.get(f"/assessments/{hostile}/edit").text, ["summary"])


@pytest.mark.skipif(pdf_unavailable() is not None or not shutil.which("pdftotext"),
                    reason="needs WeasyPrint's Pango and pdftotext")
def test_every_free_text_is_literal_text_in_the_pdf(client, hostile, tmp_path):
    response = client.get(f"/assessments/{hostile}/report.pdf")
    assert response.status_code == 200
    (tmp_path / "report.pdf").write_bytes(response.data)
    text = subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())  # table cells wrap lines anywhere
    for field in ["title", "assessor", "scenario", "partner", "evidence", "owner", "reason"]:
        assert f"={field}<script>alert(1)</script>" in flat, field


def test_every_free_text_is_neutralised_in_the_csv(client, hostile):
    response = client.get(f"/assessments/{hostile}/actions.csv")
    assert response.status_code == 200
    cells = [cell for row in csv.reader(io.StringIO(response.text)) for cell in row]
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@")
                          and not c.lstrip("+-").replace(".", "", 1).isdigit()]
    assert any(c.startswith("'=owner <script>") for c in cells)  # its own cell: neutralised
    assert any(c.startswith("dropped: =reason <script>") for c in cells)
