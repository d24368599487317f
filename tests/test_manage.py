"""Managing assessments as a user would: the list with verdicts, filters and sorting; rename,
duplicate, archive, delete to the trash and restore; purge after 30 days."""

from __future__ import annotations

import re
from datetime import timedelta

from click.testing import CliRunner

from webapp.extensions import db
from webapp.models import Assessment, utcnow

from .conftest import RULES, example_answers
from .wizard_helpers import new_assessment, stored, walk


def fill(client, title, example):
    assessment_id = new_assessment(client, title)
    walk(client, assessment_id, example_answers(example))
    return assessment_id


def row_of(html: str, title: str) -> str:
    """The list row that links to the assessment with this title."""
    for row in re.findall(r"<tr>.*?</tr>", html, re.S):
        if f">{title}</a>" in row:
            return row
    raise AssertionError(f"no row for {title}")


def test_list_shows_verdict_or_draft_and_balance_and_filters(client, app):
    fill(client, "Police cameras", "police_facial_recognition_not_free.json")
    fill(client, "Rural network", "rural_access_network_ldc.json")
    new_assessment(client, "Blank")
    page = client.get("/").text
    assert "Do not proceed" in row_of(page, "Police cameras")
    assert "+0.90" in row_of(page, "Police cameras")
    assert "Proceed with conditions" in row_of(page, "Rural network")
    assert "Draft" in row_of(page, "Blank")

    drafts = client.get("/?verdict=draft").text
    assert ">Blank</a>" in drafts and ">Rural network</a>" not in drafts
    stop = client.get("/?verdict=do_not_proceed").text
    assert ">Police cameras</a>" in stop and ">Blank</a>" not in stop
    found = client.get("/?q=rural").text
    assert ">Rural network</a>" in found and ">Police cameras</a>" not in found
    assert "No assessment matches" in client.get("/?q=%25nothing_").text
    by_balance = client.get("/?sort=balance").text
    assert by_balance.index(">Rural network</a>") < by_balance.index(">Police cameras</a>")
    by_title = client.get("/?sort=title").text
    assert by_title.index(">Blank</a>") < by_title.index(">Police cameras</a>") < \
        by_title.index(">Rural network</a>")


def test_a_rules_update_is_reflected_in_the_list(client, app):
    assessment_id = fill(client, "Rural network", "rural_access_network_ldc.json")
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assessment.verdict, assessment.scored_with = "escalate", "older-rules"
        db.session.commit()
    assert "Proceed with conditions" in row_of(client.get("/").text, "Rural network")


def test_rename_keeps_what_was_typed_on_error(client, app):
    assessment_id = new_assessment(client, "Old title")
    bad = client.post(f"/assessments/{assessment_id}/edit",
                      data={"title": "", "assessor": "B. Official", "summary": "Kept"})
    assert bad.status_code == 422 and "Give the assessment a title." in bad.text
    assert "B. Official" in bad.text and "Kept" in bad.text
    good = client.post(f"/assessments/{assessment_id}/edit",
                       data={"title": "New title", "assessor": "B. Official",
                             "summary": "Cameras for the old town"})
    assert good.status_code == 302
    page = client.get("/").text
    assert ">New title</a>" in page and "Cameras for the old town" in page
    assert stored(app, assessment_id).assessor == "B. Official"


def test_duplicate_has_the_same_answers_under_a_new_number(client, app):
    original = fill(client, "Rural network", "rural_access_network_ldc.json")
    response = client.post(f"/assessments/{original}/duplicate")
    copy = int(re.search(r"/assessments/(\d+)/edit", response.headers["Location"]).group(1))
    assert copy != original
    a, b = stored(app, original), stored(app, copy)
    assert b.title == "Copy of Rural network"
    assert (b.answers, b.evidence, b.prefilled, sorted(b.sections_done)) == (
        a.answers, a.evidence, a.prefilled, sorted(a.sections_done))
    assert "Proceed with conditions" in row_of(client.get("/").text, "Copy of Rural network")


def test_archive_and_restore(client):
    assessment_id = new_assessment(client, "To archive")
    client.post(f"/assessments/{assessment_id}/archive")
    assert ">To archive</a>" not in client.get("/").text
    assert ">To archive</a>" in client.get("/?show=archived").text
    client.post(f"/assessments/{assessment_id}/archive", data={"restore": "1"})
    assert ">To archive</a>" in client.get("/").text


def test_delete_asks_first_then_trash_then_restore_with_every_answer(client, app):
    assessment_id = fill(client, "Rural network", "rural_access_network_ldc.json")
    answers = stored(app, assessment_id).answers
    confirm = client.get(f"/assessments/{assessment_id}/delete")
    assert "Move to the trash" in confirm.text and "30 days" in confirm.text
    assert ">Rural network</a>" in client.get("/").text  # nothing happened yet
    client.post(f"/assessments/{assessment_id}/delete")
    assert ">Rural network</a>" not in client.get("/").text
    assert client.get(f"/assessments/{assessment_id}/report").status_code == 404
    trash = client.get("/trash").text
    assert "Rural network" in trash and "Deleted for good after" in trash
    client.post(f"/trash/{assessment_id}/restore")
    assert client.get(f"/assessments/{assessment_id}/report").status_code == 200
    assert stored(app, assessment_id).answers == answers


def test_purge_removes_only_what_has_been_in_the_trash_for_30_days(client, app, monkeypatch):
    from webapp.cli import main

    old, recent, kept = (new_assessment(client, t) for t in ("Old", "Recent", "Kept"))
    for assessment_id in (old, recent):
        client.post(f"/assessments/{assessment_id}/delete")
    with app.app_context():
        db.session.get(Assessment, old).deleted_at = utcnow() - timedelta(days=31)
        db.session.commit()
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    result = CliRunner().invoke(main, ["--rules", str(RULES), "purge"])
    assert result.exit_code == 0 and result.output.strip() == f"purged 1 assessment(s): {old}"
    assert stored(app, old) is None
    assert stored(app, recent) is not None and stored(app, kept) is not None
    assert "Recent" in client.get("/trash").text
