"""Review and sign-off: draft -> submitted (answers locked) -> approved or returned with a
comment, by a reviewer of the team who is not the author; the approved report (HTML, PDF,
JSON) is served from the snapshot frozen at approval, byte for byte, after the rules change."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from webapp.app import create_app

from .accounts_support import TEST_HASH, SignedInClient, add_account
from .conftest import RULES, example_answers, make_app
from .wizard_helpers import new_assessment, section_form_data, walk

RURAL = example_answers("rural_access_network_ldc.json")


@pytest.fixture
def team(tmp_path):
    """An app on a copy of the rules: "tester" (assessor, author), "rita" (reviewer), "sam"
    (another assessor of the team), "otto" (a reviewer of another team)."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    app = make_app(tmp_path, rules)
    add_account(app, "rita", "reviewer", name="Rita <Reviewer>")
    add_account(app, "sam", "assessor")
    add_account(app, "otto", "reviewer", team="Team B")
    return app, rules


def complete(client) -> int:
    number = new_assessment(client, "Rural network")
    walk(client, number, RURAL, {"ldc": "UN list of LDCs, 2024"})
    return number


def approved_article(html: str) -> str:
    return re.search(r'<div class="approved-report">(.*)</div>', html, re.S).group(1)


def test_submit_locks_the_answers_and_a_return_unlocks_them(team):
    app, _ = team
    author, reviewer = app.test_client(), app.test_client(user="rita")
    draft = new_assessment(author, "Half done")
    refused = author.post(f"/assessments/{draft}/submit")
    assert refused.status_code == 409 and "Answer every section" in refused.text
    number = complete(author)
    assert "Submit for review" in author.get(f"/assessments/{number}/report").text
    assert author.post(f"/assessments/{number}/submit").status_code == 302
    assert "Submitted for review" in author.get("/").text
    # The wizard refuses to save, with a clear message, and nothing changes.
    section = app.extensions["weighbridge_rules"].bank.section("scenario")
    save = author.post(f"/assessments/{number}/step/scenario",
                       data=section_form_data(section, {**RURAL, "ldc": "no"}))
    assert save.status_code == 302 and save.headers["Location"].endswith("/report")
    shown = author.get(save.headers["Location"]).text
    assert "its answers are locked" in shown
    assert "its answers are locked" in author.get(f"/assessments/{number}/step/scenario").text
    assert json.loads(author.get(f"/assessments/{number}/export.json").text)[
        "answers"]["ldc"] == "yes"
    # The author cannot approve; an assessor cannot; a reviewer of another team finds nothing.
    assert author.post(f"/assessments/{number}/approve").status_code == 403
    assert app.test_client(user="sam").post(f"/assessments/{number}/approve").status_code == 403
    assert app.test_client(user="otto").post(f"/assessments/{number}/approve").status_code == 404
    # Returned with a comment (required): a draft again, the comment shown to the author.
    assert reviewer.post(f"/assessments/{number}/return", data={"comment": ""}).status_code == 400
    back = reviewer.post(f"/assessments/{number}/return",
                         data={"comment": "Check the <LDC> status, please."})
    assert back.status_code == 302
    page = author.get(f"/assessments/{number}/report").text
    assert "Check the &lt;LDC&gt; status, please." in page and "<LDC>" not in page
    assert author.post(f"/assessments/{number}/step/scenario",
                       data=section_form_data(section, RURAL)).status_code == 302  # unlocked


def test_an_approved_report_is_frozen_when_the_rules_change(team, tmp_path):
    app, rules = team
    author, reviewer = app.test_client(), app.test_client(user="rita")
    number = complete(author)
    other = complete(author)  # stays a draft: its report follows the rules
    author.post(f"/assessments/{number}/submit")
    approved = reviewer.post(f"/assessments/{number}/approve")
    assert approved.status_code == 302
    assert reviewer.post(f"/assessments/{number}/approve").status_code == 409  # once
    page = author.get(f"/assessments/{number}/report").text
    assert "Approved by <strong>Rita &lt;Reviewer&gt;</strong>" in page
    assert "Approved" in author.get("/").text
    before = {"html": approved_article(page),
              "pdf": author.get(f"/assessments/{number}/report.pdf").data,
              "json": author.get(f"/assessments/{number}/report.json").data,
              "other": author.get(f"/assessments/{other}/report.json").data}
    assert before["pdf"].startswith(b"%PDF")
    assert json.loads(before["json"])["verdict"] == json.loads(before["other"])["verdict"]

    # A rule's weight changes in the rules directory; the app is started again on it.
    path = rules / "development.yaml"
    text = path.read_text()
    edited = re.sub(r"(- id: DEV-HIGH-NEED-LDC\n(?:    .*\n)*?    points: )2", r"\g<1>5", text)
    assert edited != text
    path.write_text(edited)
    again = create_app({**{k: app.config[k] for k in (
        "TESTING", "WTF_CSRF_ENABLED", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI")},
        "AUTO_MIGRATE": False, "RULES_DIR": str(rules), "PASSWORD_HASH_METHOD": TEST_HASH})
    client = SignedInClient(again, again.response_class)
    assert client.get(f"/assessments/{other}/report.json").data != before["other"]  # it took
    page = client.get(f"/assessments/{number}/report").text
    assert approved_article(page) == before["html"]
    assert client.get(f"/assessments/{number}/report.pdf").data == before["pdf"]
    assert client.get(f"/assessments/{number}/report.json").data == before["json"]


def test_the_approval_is_printed_on_every_page_of_the_pdf(team, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    app, _ = team
    author, reviewer = app.test_client(), app.test_client(user="rita")
    number = complete(author)
    author.post(f"/assessments/{number}/submit")
    reviewer.post(f"/assessments/{number}/approve")
    pdf = tmp_path / "approved.pdf"
    pdf.write_bytes(author.get(f"/assessments/{number}/report.pdf").data)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) > 3
    for k, page in enumerate(pages, 1):
        assert re.search(r"Approved by Rita <Reviewer> on \d\d \w+ \d{4}", page), k
        assert f"Page {k} of {len(pages)}" in page


def test_review_steps_are_in_the_history_and_a_done_action_makes_a_new_version(team):
    """Submit, return (with its comment), approve are recorded with who did them; an action
    marked done on the approved assessment sets its answers in a new draft version, so the
    approved snapshot keeps the answers it was approved with."""
    from sqlalchemy import select

    from webapp.actionplan.models import Action
    from webapp.audit import AuditEvent
    from webapp.extensions import db
    from webapp.models import Assessment

    app, _ = team
    author, reviewer = app.test_client(), app.test_client(user="rita")
    number = complete(author)
    author.post(f"/assessments/{number}/submit")
    reviewer.post(f"/assessments/{number}/return", data={"comment": "Cite the LDC list."})
    author.post(f"/assessments/{number}/submit")
    assert reviewer.post(f"/assessments/{number}/approve").status_code == 302
    with app.app_context():
        events = [(e.kind, e.actor, e.detail) for e in db.session.scalars(
            select(AuditEvent).where(AuditEvent.assessment_id == number)
            .order_by(AuditEvent.id))]
    review = [e for e in events if e[0] in ("submitted", "returned", "approved")]
    assert [e[0] for e in review] == ["submitted", "returned", "submitted", "approved"]
    assert review[1][1] == "Rita <Reviewer>" and review[1][2] == "Cite the LDC list."
    history = author.get(f"/assessments/{number}/history").text
    assert "Approved" in history and "Rita &lt;Reviewer&gt;" in history
    # An adopted action with the answers that show it in place, marked done.
    with app.app_context():
        answers = db.session.get(Assessment, number).answers
        question = next(q for q, v in answers.items() if v == "no")
        db.session.add(Action(assessment_id=number, key="k1", kind="mitigation",
                              text="Put it in place", answers={question: "yes"}, addresses=[],
                              status="done"))
        db.session.commit()
        action_id = db.session.scalar(select(Action.id).where(Action.assessment_id == number))
    applied = author.post(f"/assessments/{number}/actions/{action_id}/apply")
    assert applied.status_code == 302
    copy = int(re.search(r"/assessments/(\d+)/report", applied.headers["Location"]).group(1))
    assert copy != number
    assert "new draft version" in author.get(applied.headers["Location"]).text
    with app.app_context():
        original, new = db.session.get(Assessment, number), db.session.get(Assessment, copy)
        assert original.status == "approved" and original.answers[question] == "no"
        assert new.status == "draft" and new.answers[question] == "yes"


def test_the_review_box_follows_the_state_and_who_views_it_under_any_weights(team):
    """The report's review box is kept between views: the author and the reviewer each see
    their own next step, under new weights too, and a return's comment shows at once."""
    app, _ = team
    author, reviewer = app.test_client(), app.test_client(user="rita")
    number = complete(author)
    report = f"/assessments/{number}/report?w_rights={{}}"

    def box(client, weight):
        page = client.get(report.format(weight)).text
        return page.split('<section class="review-box')[1].split("</section>")[0]

    assert "Submit for review" in box(author, 2)
    assert "Submit for review" in box(reviewer, 3)  # a draft: anyone of the team may submit
    assert author.post(f"/assessments/{number}/submit").status_code == 302
    mine, theirs = box(author, 4), box(reviewer, 5)
    assert "other than you" in mine and "Approve" not in mine
    assert f'action="/assessments/{number}/approve"' in theirs
    assert "other than you" not in theirs
    assert "Approve" in box(reviewer, 6) and "other than you" in box(author, 7)
    assert reviewer.post(f"/assessments/{number}/return",
                         data={"comment": "Check the partner."}).status_code == 302
    returned = box(author, 8)
    assert "Check the partner." in returned and "Submit for review" in returned
