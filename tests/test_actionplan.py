"""The action plan as a user would use it: adopt a condition from the report (asked to
confirm), give it an owner, a due date and a status with clear errors, see it print in the
report and its PDF and fill the CSV's owner, due and status columns (formulas neutralised),
and, once done, record the answers that show it in place as a normal, audited save."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest
from sqlalchemy import select

from webapp.actionplan.models import Action
from webapp.audit import AuditEvent
from webapp.extensions import db
from webapp.models import Assessment
from webapp.reports.pdf import pdf_unavailable

from .conftest import example_answers
from .test_report_pdf import pdf_pages
from .wizard_helpers import new_assessment, stored, walk

EXIT_PLAN = "There is an exit plan"


@pytest.fixture
def filled(client):
    assessment_id = new_assessment(client, "Rural network")
    walk(client, assessment_id, example_answers("rural_access_network_ldc.json"))
    return assessment_id


def conditions(page: str) -> dict[str, str | None]:
    """{condition text: its adopt link, or None once adopted} as the report lists them."""
    listed = page.split('class="condition-list"', 1)[1].split("</ol>", 1)[0]
    found = {}
    for item in re.findall(r"<li>(.*?)</li>", listed, re.S):
        text = html.unescape(re.search(r'class="condition-text">([^<]*)', item).group(1))
        link = re.search(r'href="([^"]*/actions/adopt\?[^"]*)"', item)
        found[text.strip()] = html.unescape(link.group(1)) if link else None
    return found


def adopt(client, assessment_id, starting=EXIT_PLAN):
    report = client.get(f"/assessments/{assessment_id}/report").text
    [(text, link)] = [(t, u) for t, u in conditions(report).items() if t.startswith(starting)]
    confirm = client.get(link)
    assert confirm.status_code == 200 and "Adopt this condition as an action?" in confirm.text
    response = client.post(link)
    assert response.status_code == 302 and "/actions#action-" in response.headers["Location"]
    return text, int(response.headers["Location"].rsplit("-", 1)[1])


def update(client, assessment_id, action_id, **values):
    data = {f"a{action_id}-{k}": v for k, v in
            {"owner": "", "due": "", "status": "open", "reason": "", **values}.items()}
    return client.post(f"/assessments/{assessment_id}/actions/{action_id}", data=data)


def test_adopt_a_condition_from_the_report_once(client, app, filled):
    text, action_id = adopt(client, filled)
    page = client.get(f"/assessments/{filled}/actions").text
    assert text in html.unescape(page) and "Status: <strong>Open</strong>" in page
    report = client.get(f"/assessments/{filled}/report").text
    assert conditions(report)[text] is None  # adopted: no button, a link to the plan
    assert "Adopted as an action (open)" in report
    plan = report.split('id="actions-h"', 1)[1].split("</section>", 1)[0]
    assert text in html.unescape(plan) and "Open" in plan
    assert report.index('id="conditions-h"') < report.index('id="actions-h"') \
        < report.index('id="findings-h"')
    # Adopting it again (an old tab) keeps one action.
    link = f"/assessments/{filled}/actions/adopt?key=" + stored_key(app, action_id)
    assert "already an action" in client.get(link).text
    client.post(link)
    with app.app_context():
        assert db.session.scalar(select(db.func.count(Action.id))) == 1
        kinds = [e.kind for e in db.session.scalars(select(AuditEvent))]
    assert kinds.count("action_adopted") == 1
    # A key no condition has is sent back to the report; a malformed one is not found.
    gone = client.get(f"/assessments/{filled}/actions/adopt?key=" + "0" * 32)
    assert gone.status_code == 302
    assert client.get(f"/assessments/{filled}/actions/adopt?key=x").status_code == 404


def stored_key(app, action_id):
    with app.app_context():
        return db.session.get(Action, action_id).key


def test_owner_due_and_status_are_validated_and_recorded(client, app, filled):
    _, action_id = adopt(client, filled)
    bad_date = update(client, filled, action_id, owner="Procurement", due="31/03/2027")
    assert bad_date.status_code == 422 and "Enter the due date as a date" in bad_date.text
    assert 'value="Procurement"' in bad_date.text  # what was typed stays
    no_reason = update(client, filled, action_id, status="dropped")
    assert no_reason.status_code == 422 and "Say why the action is dropped." in no_reason.text
    too_long = update(client, filled, action_id, owner="x" * 121)
    assert too_long.status_code == 422 and "121" in too_long.text
    far = update(client, filled, action_id, due="2999-01-01")
    assert far.status_code == 422 and "between 2000 and 2100" in far.text
    unknown = update(client, filled, action_id, status="finished")
    assert unknown.status_code == 422
    with app.app_context():
        action = db.session.get(Action, action_id)
        assert (action.owner, action.due, action.status) == ("", None, "open")  # untouched
    ok = update(client, filled, action_id, owner="Procurement", due="2027-03-31")
    assert ok.status_code == 302
    dropped = update(client, filled, action_id, owner="Procurement", due="2027-03-31",
                     status="dropped", reason="The vendor refused; another tender")
    assert dropped.status_code == 302
    page = client.get(f"/assessments/{filled}/actions").text
    assert "dropped because: The vendor refused; another tender" in page
    history = client.get(f"/assessments/{filled}/history").text
    assert history.count("Action changed") == 2 and "Condition adopted as an action" in history
    report = client.get(f"/assessments/{filled}/report").text
    plan = report.split('id="actions-h"', 1)[1].split("</section>", 1)[0]
    assert "Procurement" in plan and "31 Mar 2027" in plan
    assert "Dropped: The vendor refused; another tender" in plan
    assert client.post(f"/assessments/{filled}/actions/999").status_code == 404
    other = new_assessment(client, "Other")
    assert client.get(f"/assessments/{other}/actions/{action_id}/apply").status_code == 404


def test_the_csv_fills_owner_due_and_status_and_neutralises_formulas(client, filled):
    text, action_id = adopt(client, filled)
    update(client, filled, action_id, owner="=HYPERLINK(\"http://x\")", due="2027-03-31",
           status="open")
    data = client.get(f"/assessments/{filled}/actions.csv").data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    [row] = [r for r in rows if r["text"] == text]
    assert row["owner"] == "'=HYPERLINK(\"http://x\")" and row["due"] == "2027-03-31"
    assert row["status"] == "open"
    others = [r for r in rows if r["type"] == "condition" and r["text"] != text]
    assert others and all(r["owner"] == "" and r["status"] == "open" for r in others)
    update(client, filled, action_id, status="dropped", reason="-1+1 too costly")
    data = client.get(f"/assessments/{filled}/actions.csv").data.decode("utf-8-sig")
    [row] = [r for r in csv.DictReader(io.StringIO(data)) if r["text"] == text]
    assert row["status"] == "dropped: -1+1 too costly"


def test_done_sets_the_answers_that_show_it_after_confirmation(client, app, filled):
    text, action_id = adopt(client, filled)
    assert stored(app, filled).answers["m_exit_plan"] != "yes"
    done = update(client, filled, action_id, owner="Legal", status="done")
    assert done.status_code == 302 and done.headers["Location"].endswith(
        f"/actions/{action_id}/apply")
    confirm = client.get(done.headers["Location"])
    assert "Record the answers that show the action in place?" in confirm.text
    assert "exit plan" in confirm.text and "<td>Yes</td>" in confirm.text
    assert stored(app, filled).answers["m_exit_plan"] != "yes"  # not before confirming
    applied = client.post(done.headers["Location"])
    assert applied.status_code == 302
    assert stored(app, filled).answers["m_exit_plan"] == "yes"
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.question_id == "m_exit_plan").order_by(AuditEvent.id.desc())).first()
        assert event.kind == "answer" and event.new_value == "yes"
        assert event.detail.startswith("Set as the action done: There is an exit plan")
    report = client.get(f"/assessments/{filled}/report").text
    assert text not in conditions(report)  # in place now: no longer a condition
    plan = report.split('id="actions-h"', 1)[1].split("</section>", 1)[0]
    assert text in html.unescape(plan) and "Done" in plan
    data = client.get(f"/assessments/{filled}/actions.csv").data.decode("utf-8-sig")
    [row] = [r for r in csv.DictReader(io.StringIO(data)) if r["text"] == text]
    assert row["type"] == "action" and row["status"] == "done" and row["owner"] == "Legal"
    # An open action cannot set answers.
    _, second = adopt(client, filled, starting="An independent lab")
    response = client.post(f"/assessments/{filled}/actions/{second}/apply")
    assert response.status_code == 302 and stored(app, filled).answers.get(
        "m_independent_testing") != "yes"


@pytest.mark.skipif(pdf_unavailable() is not None, reason="PDF needs Pango")
def test_the_actions_print_in_the_pdf(client, filled, tmp_path):
    _, action_id = adopt(client, filled)
    update(client, filled, action_id, owner="Procurement office", due="2027-03-31")
    pdf = client.get(f"/assessments/{filled}/report.pdf?appendices=0")
    assert pdf.status_code == 200
    text = "\n".join(pdf_pages(pdf.data, tmp_path))
    assert "Action plan" in text and "Procurement" in text and "31 Mar 2027" in text
    assert "Adopt as action" not in text


def test_random_posts_to_an_action_and_the_history(client, app, filled):
    """Hypothesis: any form data gives a saved action (302) or errors (422), never a 500, and
    what is stored always fits: owner within 120 characters, a known status, a reason when
    dropped; any ?page= gives a history page or a 404."""
    from hypothesis import given

    from webapp.actionplan.models import STATUSES

    from .test_fuzz_forms import FUZZ, fields, texts

    _, action_id = adopt(client, filled)
    names = [f"a{action_id}-{n}" for n in ("owner", "due", "status", "reason")]

    @FUZZ
    @given(data=fields(names, texts))
    def check(data):
        response = client.post(f"/assessments/{filled}/actions/{action_id}", data=data)
        assert response.status_code in (302, 422), response.text[:1500]
        with app.app_context():
            action = db.session.get(Action, action_id)
            assert len(action.owner) <= 120 and action.status in STATUSES
            assert action.status != "dropped" or action.reason.strip()

    check()

    @FUZZ
    @given(page=texts)
    def history(page):
        response = client.get(f"/assessments/{filled}/history", query_string={"page": page})
        assert response.status_code in (200, 404), response.text[:1500]

    history()


def test_the_report_lists_the_actions_in_the_order_adopted(client, filled):
    report = client.get(f"/assessments/{filled}/report").text
    texts = [t for t, link in conditions(report).items() if link][:3]
    assert len(texts) == 3
    for text in (texts[2], texts[0], texts[1]):
        adopt(client, filled, starting=text)
    plan = html.unescape(client.get(f"/assessments/{filled}/report").text.split(
        'id="actions-h"', 1)[1].split("</section>", 1)[0])
    assert plan.index(texts[2]) < plan.index(texts[0]) < plan.index(texts[1])


def test_answers_set_by_a_done_action_are_answered_under_the_current_rules(client, app, filled):
    """Setting the answers of a done action is a save: the assessment is then answered under
    the current rule set, as after a step, and the report stops saying the rules changed."""
    with app.app_context():
        db.session.get(Assessment, filled).ruleset = "older-rules"
        db.session.commit()
    assert "The rules have changed" in client.get(f"/assessments/{filled}/report").text
    _, action_id = adopt(client, filled)
    done = update(client, filled, action_id, owner="Legal", status="done")
    assert client.post(done.headers["Location"]).status_code == 302
    assert stored(app, filled).answers["m_exit_plan"] == "yes"
    assert stored(app, filled).ruleset == app.extensions["weighbridge_rules"].fingerprint
    assert "The rules have changed" not in client.get(f"/assessments/{filled}/report").text
