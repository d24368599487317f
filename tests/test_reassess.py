"""Rules that changed, as a user would meet them: an assessment answered under one rule set,
the app restarted on a copy of rules/ where one rule is removed, one changed, a question added
and another no longer applies; the report says so, "Re-assess under current rules" makes a new
draft copy and shows the verdict, balance, findings added and removed and the questions now
asked or no longer applicable, while the original stays as it was."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from webapp.app import create_app
from webapp.audit import AuditEvent
from webapp.engine import assess, clean_answers
from webapp.extensions import db
from webapp.filters import signed
from webapp.models import Assessment

from .accounts_support import SignedInClient
from .conftest import RULES, example_answers
from .wizard_helpers import new_assessment, walk

REMOVED = ("DEV-HIGH-NEED-LDC", "High need in a least-developed or poorly connected country")
CHANGED = ("DEV-NO-CYBER-ASSESSMENT", "Publicly funded project without cyber risk assessment")
NEW_QUESTION = "Has the review board seen the decision?"


def changed_rules(target):
    """rules/ with DEV-HIGH-NEED-LDC removed, DEV-NO-CYBER-ASSESSMENT firing on any
    least-developed country, a new question, and freedom_status asked only outside one."""
    shutil.copytree(RULES, target)

    def edit(name, change):
        path = target / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                        encoding="utf-8")

    def rules(data):
        data["rules"] = [r for r in data["rules"] if r["id"] != REMOVED[0]]
        for rule in data["rules"]:
            if rule["id"] == CHANGED[0]:
                rule["when"] = {"q": "ldc", "is": "yes"}
                rule["examples"] = [{"answers": {"ldc": "yes"}, "fires": True},
                                    {"answers": {"ldc": "no"}, "fires": False}]

    def questions(data):
        scenario = data["sections"][0]
        scenario["questions"].append({"id": "review_board", "type": "yesno",
                                      "text": NEW_QUESTION,
                                      "help": "The board that reviews such decisions."})
        for question in scenario["questions"]:
            if question["id"] == "freedom_status":
                question["show_if"] = {"q": "ldc", "is": "no"}

    edit("development.yaml", rules)
    edit("questions.yaml", questions)
    return target


def restarted(app, rules):
    """The same database served by an app started on other rules."""
    other = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "test",
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                        "AUTO_MIGRATE": False, "RULES_DIR": str(rules)})
    other.test_client_class = SignedInClient  # signed in as "tester", like the app's client
    return other


@pytest.fixture
def answered(app, client):
    assessment_id = new_assessment(client, "Rural network")
    walk(client, assessment_id, example_answers("rural_access_network_ldc.json"))
    return assessment_id


def test_the_summary_is_kept_with_the_rule_set_it_was_answered_under(app, client, answered):
    with app.app_context():
        assessment = db.session.get(Assessment, answered)
        summary = assessment.rules_summary
        assert assessment.ruleset == summary["ruleset"] == app.extensions[
            "weighbridge_rules"].fingerprint
    assert summary["verdict"] == "proceed_with_conditions" and summary["complete"]
    assert [REMOVED[0], REMOVED[1], "fired"] in summary["findings"]
    assert "freedom_status" in summary["applicable"]
    assert "The rules have changed" not in client.get(f"/assessments/{answered}/report").text


def test_reassess_under_changed_rules_shows_what_changed(app, answered, tmp_path):
    old_fingerprint = app.extensions["weighbridge_rules"].fingerprint
    new_app = restarted(app, changed_rules(tmp_path / "rules"))
    client = new_app.test_client()
    report = client.get(f"/assessments/{answered}/report").text
    assert "The rules have changed since this assessment was answered." in report
    assert old_fingerprint in report
    # A rename under the new rules keeps the old result to compare with.
    client.post(f"/assessments/{answered}/edit", data={"title": "Rural network",
                                                       "assessor": "B. Official"})
    confirm = client.get(f"/assessments/{answered}/reassess")
    assert "A new draft copy is made" in confirm.text
    response = client.post(f"/assessments/{answered}/reassess")
    assert response.status_code == 302
    copy = int(re.search(r"/assessments/(\d+)/rule-changes", response.headers["Location"])
               .group(1))
    assert copy != answered
    page = client.get(response.headers["Location"]).text
    table = page.split('class="list rule-changes"', 1)[1].split("</table>", 1)[0]
    assert table.count("Proceed with conditions") == 2 and "(draft)" in table  # now a draft
    before, after = (assess(rb, clean_answers(example_answers(
        "rural_access_network_ldc.json"), rb.bank), analyse=False).balance
        for rb in (app.extensions["weighbridge_rules"], new_app.extensions["weighbridge_rules"]))
    assert before != after
    for shown in (signed(before), signed(after), signed(after - before, 3)):
        assert shown in table, shown
    added = page.split('class="findings-added"', 1)[1].split("</ul>", 1)[0]
    removed = page.split('class="findings-removed"', 1)[1].split("</ul>", 1)[0]
    assert CHANGED[1] in added and REMOVED[1] not in added
    assert REMOVED[1] in removed and CHANGED[1] not in removed
    asked = page.split('class="questions-added"', 1)[1].split("</ul>", 1)[0]
    gone = page.split('class="questions-gone"', 1)[1].split("</ul>", 1)[0]
    assert NEW_QUESTION in asked and "Freedom on the Net" in gone
    assert "Freedom on the Net" not in asked and NEW_QUESTION not in gone
    # The copy is under the new rules; the original stays as it was.
    with new_app.app_context():
        original, new = db.session.get(Assessment, answered), db.session.get(Assessment, copy)
        assert original.ruleset == old_fingerprint
        assert new.ruleset == new_app.extensions["weighbridge_rules"].fingerprint
        assert new.answers == original.answers and new.assessor == "B. Official"
        kinds = {e.assessment_id: e.kind for e in db.session.query(AuditEvent).order_by(
            AuditEvent.id)}
    assert kinds[answered] == kinds[copy] == "reassessed"
    assert "The rules have changed" not in client.get(f"/assessments/{copy}/report").text
    assert "The rules have changed" in client.get(f"/assessments/{answered}/report").text


def test_without_a_recorded_result_the_page_says_so(app, answered, tmp_path):
    with app.app_context():
        db.session.get(Assessment, answered).rules_summary = None  # saved before it was kept
        db.session.commit()
    client = restarted(app, changed_rules(tmp_path / "rules")).test_client()
    response = client.post(f"/assessments/{answered}/reassess")
    page = client.get(response.headers["Location"]).text
    assert "was not recorded" in page and "Proceed with conditions" in page


def test_nothing_to_reassess_under_the_same_rules(client, answered):
    assert "nothing to re-assess" in client.get(f"/assessments/{answered}/reassess").text
    assert client.post(f"/assessments/{answered}/reassess").status_code == 200
    assert client.get(f"/assessments/{answered}/rule-changes").status_code == 404
    assert client.get("/assessments/999999/reassess").status_code == 404
