"""The audit trail as a user (and an auditor) would see it: every kind of event recorded with
who and when, an answer's change old → new in words on the History page (newest first, paged),
recorded in the save's own transaction, kept through the trash, removed only by purge, never
changed by any route, and exported with ``?history=1`` (the plain export is unchanged)."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from webapp.audit import AuditEvent, record
from webapp.cli import main
from webapp.extensions import db
from webapp.models import Assessment, utcnow
from webapp.store import Change, saving, write

from .conftest import RULES, example_answers
from .wizard_helpers import new_assessment, section_form_data, walk


def trail(app, assessment_id):
    """(kind, question, old, new, actor, detail) of every event, oldest first."""
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(
            AuditEvent.assessment_id == assessment_id).order_by(AuditEvent.id))
        return [(e.kind, e.question_id, e.old_value, e.new_value, e.actor, e.detail)
                for e in rows]


def kinds(app, assessment_id):
    return [event[0] for event in trail(app, assessment_id)]


def post_section(client, assessment_id, section_id, answers, evidence=None, action="next"):
    rulebase = client.application.extensions["weighbridge_rules"]
    data = section_form_data(rulebase.bank.section(section_id), answers, evidence, action)
    response = client.post(f"/assessments/{assessment_id}/step/{section_id}", data=data)
    assert response.status_code == 302, response.text[:500]


@pytest.fixture
def filled(client):
    assessment_id = new_assessment(client, "Rural network")
    walk(client, assessment_id, example_answers("rural_access_network_ldc.json"))
    return assessment_id


def test_creation_and_every_answer_change_are_recorded_old_to_new_in_words(client, app,
                                                                          filled):
    events = trail(app, filled)
    assert events[0][0] == "created" and events[0][4] == "Test Assessor"  # signed in
    first = {e[1]: e for e in events if e[0] == "answer"}
    assert first["freedom_status"][2:4] == (None, "partly_free")
    answers = example_answers("rural_access_network_ldc.json")
    post_section(client, filled, "scenario", {**answers, "freedom_status": "not_free"},
                 {"ldc": "UN list of LDCs, 2024"})
    changed = [e for e in trail(app, filled)[len(events):]]
    assert [(e[0], e[1], e[2], e[3]) for e in changed] == [  # in the page's order
        ("evidence", "ldc", None, "UN list of LDCs, 2024"),
        ("answer", "freedom_status", "partly_free", "not_free")]
    # Saving the same page again changes nothing, and so records nothing.
    post_section(client, filled, "scenario", {**answers, "freedom_status": "not_free"},
                 {"ldc": "UN list of LDCs, 2024"})
    assert len(trail(app, filled)) == len(events) + 2
    page = client.get(f"/assessments/{filled}/history")
    assert page.status_code == 200
    rows = re.findall(r'<tr class="history-event">.*?</tr>', page.text, re.S)
    evidence_row, answer_row = rows[1], rows[0]  # newest first
    assert "Evidence note changed" in evidence_row and "UN list of LDCs, 2024" in evidence_row
    assert "Freedom on the Net" in answer_row  # the question's text, not its id
    assert "Partly Free (40 to 69)" in answer_row and "Not Free" in answer_row  # labels
    assert "partly_free" not in answer_row
    assert "Page 1 of 2" in page.text  # 50 a page: the walk answered more than 50
    last = client.get(f"/assessments/{filled}/history?page=2").text
    created = re.findall(r'<tr class="history-event">.*?</tr>', last, re.S)[-1]
    assert "Created" in created and "Test Assessor" in created


def test_a_failed_save_records_no_event_and_a_save_records_each_change_once(app, filled):
    before = trail(app, filled)
    with app.test_request_context(), pytest.raises(RuntimeError):
        with saving(filled) as assessment:
            write(assessment, {"ldc": Change("no")})
            raise RuntimeError("the worker dies before the commit")
    assert trail(app, filled) == before
    with app.test_request_context():
        with saving(filled) as assessment:
            write(assessment, {"ldc": Change("no")})
    assert trail(app, filled)[len(before):] == [
        ("answer", "ldc", "yes", "no", "A. Official", "")]


def test_manage_actions_export_and_import_are_recorded(client, app, filled, tmp_path,
                                                       monkeypatch):
    client.post(f"/assessments/{filled}/edit", data={"title": "Rural 4G", "assessor":
                                                     "A. Official", "summary": ""})
    rename = trail(app, filled)[-1]
    assert rename[0] == "renamed" and rename[2:4] == ({"title": "Rural network"},
                                                      {"title": "Rural 4G"})
    client.post(f"/assessments/{filled}/archive")
    client.post(f"/assessments/{filled}/archive", data={"restore": "1"})
    client.post(f"/assessments/{filled}/delete")
    client.post(f"/trash/{filled}/restore")
    exported = client.get(f"/assessments/{filled}/export.json")
    duplicate = client.post(f"/assessments/{filled}/duplicate")
    copy = int(re.search(r"/assessments/(\d+)/", duplicate.headers["Location"]).group(1))
    assert kinds(app, filled)[-7:] == ["renamed", "archived", "unarchived", "deleted",
                                       "restored", "exported", "duplicated"]
    assert trail(app, filled)[-1][5] == f"Copied as assessment {copy}."
    assert kinds(app, copy) == ["copied"]
    imported = client.post("/assessments/import", data={
        "file": (io.BytesIO(exported.data), "a.json")}, content_type="multipart/form-data")
    number = int(re.search(r"/assessments/(\d+)/", imported.headers["Location"]).group(1))
    assert kinds(app, number) == ["imported"]
    # The command line: "command line" is who.
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    result = CliRunner().invoke(main, ["--rules", str(RULES), "export", str(filled),
                                       "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 0
    assert trail(app, filled)[-1][0::4] == ("exported", "command line")
    history = client.get(f"/assessments/{filled}/history").text
    for label in ("Details changed", "Archived", "Restored from the archive",
                  "Moved to the trash", "Restored from the trash", "Exported as JSON",
                  "Duplicated"):
        assert label in history, label
    assert "title: “Rural network”" in history and "title: “Rural 4G”" in history


def test_history_is_exported_only_when_asked_and_not_imported(client, app, filled):
    plain = json.loads(client.get(f"/assessments/{filled}/export.json").data)
    assert "history" not in plain
    response = client.get(f"/assessments/{filled}/export.json?history=1")
    assert "-history.json" in response.headers["Content-Disposition"]
    document = json.loads(response.data)
    history = document["history"]
    assert history[0]["kind"] == "created" and history[0]["who"] == "Test Assessor"
    changed = next(e for e in history if e["question"] == "freedom_status")
    assert changed["old"] is None and changed["new"] == "partly_free" and changed["at"]
    assert history[-1]["kind"] == "exported"  # the plain export just before
    imported = client.post("/assessments/import", data={
        "file": (io.BytesIO(response.data), "a.json")}, content_type="multipart/form-data")
    assert imported.status_code == 302
    number = int(re.search(r"/assessments/(\d+)/", imported.headers["Location"]).group(1))
    [event] = trail(app, number)
    assert event[0] == "imported" and f"lists {len(history)} earlier events" in event[5]
    again = client.get(f"/assessments/{number}/export.json").data
    assert json.loads(again) == {k: v for k, v in document.items() if k != "history"}
    bad = client.post("/assessments/import", data={"file": (io.BytesIO(json.dumps(
        {**plain, "history": "forged"}).encode()), "a.json")},
        content_type="multipart/form-data")
    assert bad.status_code == 422 and "$.history" in bad.text


def test_the_trash_keeps_the_history_and_purge_removes_it(client, app, filled, monkeypatch):
    count = len(trail(app, filled))
    client.post(f"/assessments/{filled}/delete")
    assert len(trail(app, filled)) == count + 1
    assert client.get(f"/assessments/{filled}/history").status_code == 404  # hidden
    with app.app_context():
        db.session.get(Assessment, filled).deleted_at = utcnow() - timedelta(days=31)
        db.session.commit()
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    assert CliRunner().invoke(main, ["--rules", str(RULES), "purge"]).exit_code == 0
    assert trail(app, filled) == []


def test_events_are_append_only(client, app, filled):
    for rule in app.url_map.iter_rules():
        if "history" in rule.rule:
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule.rule
    before = trail(app, filled)
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.assessment_id == filled)).first()
        event.detail = "rewritten"
        with pytest.raises(PermissionError):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(PermissionError):
            db.session.delete(db.session.get(AuditEvent, event.id))
            db.session.commit()
        db.session.rollback()
    # Every route that posts, run on this assessment: the events only grow.
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or "<" not in rule.rule and "import" not in rule.rule:
            continue
        url = re.sub(r"<int:\w*action_id>", "1", rule.rule)
        url = re.sub(r"<int:\w+>", str(filled), url)
        url = re.sub(r"<\w+>", "scenario", url)
        client.post(url, data={"action": "next", "restore": "1", "key": "x"})
    after = trail(app, filled)
    assert after[:len(before)] == before


def test_history_pages_newest_first(client, app):
    assessment_id = new_assessment(client)
    with app.test_request_context():
        assessment = db.session.get(Assessment, assessment_id)
        for n in range(60):
            record(assessment, "evidence", "ldc", None, f"note {n}")
        db.session.commit()
    first = client.get(f"/assessments/{assessment_id}/history").text
    assert "note 59" in first and "note 10" in first and "note 9<" not in first
    assert "Page 1 of 2 (61 events)" in first
    second = client.get(f"/assessments/{assessment_id}/history?page=2").text
    assert "note 9<" in second and "Created" in second
    for page in ("3", "0", "x", "-1"):
        assert client.get(f"/assessments/{assessment_id}/history?page={page}").status_code \
            == 404
    assert client.get("/assessments/999999/history").status_code == 404


def test_user_text_in_the_history_is_escaped(client, app):
    assessment_id = new_assessment(client, "<script>alert(1)</script>")
    post_section(client, assessment_id, "scenario", {}, {"ldc": "<b>bold</b>"}, "back")
    page = client.get(f"/assessments/{assessment_id}/history").text
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<script>alert(1)" not in page
