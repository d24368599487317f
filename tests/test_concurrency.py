"""No answer is ever lost: saves of different sections of one assessment at the same moment
both stick (threads and processes, on the run's database: SQLite or PostgreSQL), and a save
from a page loaded before someone changed its question comes back as a conflict to settle."""

from __future__ import annotations

import json
import multiprocessing
import re
import threading

import pytest

from .accounts_support import SignedInClient
from .conftest import RULES, example_answers, make_app
from .wizard_helpers import section_form_data

ROUNDS = 200
ANSWERS = example_answers("ministry_laptops_own_it.json")
#: Each writer saves its own section, changing one number in it every time.
WRITERS = [("scenario", "contract_value_meur"), ("technology", "vendor_share_pct")]


def new_assessment(client) -> int:
    response = client.post("/assessments/new", data={"title": "Concurrent"})
    return int(re.search(r"/assessments/(\d+)/", response.headers["Location"]).group(1))


def stored(app, assessment_id) -> dict:
    from webapp.extensions import db
    from webapp.models import Assessment

    with app.app_context():
        db.session.expire_all()
        return dict(db.session.get(Assessment, assessment_id).answers)


def save_rounds(app, assessment_id: int, section_id: str, qid: str, lost: list) -> None:
    """Save the section ROUNDS times with a new value each time; after each save, the value
    must be stored (the other writer's save must not have put an old one back)."""
    client = app.test_client()
    section = app.extensions["weighbridge_rules"].bank.section(section_id)
    for k in range(1, ROUNDS + 1):
        value = k if qid == "contract_value_meur" else k % 101
        response = client.post(f"/assessments/{assessment_id}/step/{section_id}",
                               data=section_form_data(section, {**ANSWERS, qid: value}))
        assert response.status_code == 302, response.text[:500]
        if stored(app, assessment_id).get(qid) != value:
            lost.append((qid, k))


def test_two_threads_saving_different_sections_lose_nothing(tmp_path):
    app = make_app(tmp_path)
    assessment_id = new_assessment(app.test_client())
    lost: list = []
    threads = [threading.Thread(target=save_rounds, args=(app, assessment_id, s, q, lost))
               for s, q in WRITERS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = stored(app, assessment_id)
    assert lost == []
    assert final["contract_value_meur"] == ROUNDS and final["vendor_share_pct"] == ROUNDS % 101


def _process(url: str, assessment_id: int, section_id: str, qid: str, queue) -> None:
    from webapp.app import create_app

    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "t",
                      "SQLALCHEMY_DATABASE_URI": url, "AUTO_MIGRATE": False,
                      "RULES_DIR": str(RULES)})
    app.test_client_class = SignedInClient  # as "tester", whom make_app created
    lost: list = []
    save_rounds(app, assessment_id, section_id, qid, lost)
    queue.put(lost)


def test_two_processes_saving_different_sections_lose_nothing(tmp_path):
    app = make_app(tmp_path)
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    assessment_id = new_assessment(app.test_client())
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_process, args=(url, assessment_id, s, q, queue))
               for s, q in WRITERS]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert results == [[], []]
    final = stored(app, assessment_id)
    assert final["contract_value_meur"] == ROUNDS and final["vendor_share_pct"] == ROUNDS % 101


def seen_field(page: str) -> str:
    return html_unescape(re.search(r'name="seen" type="hidden" value="([^"]*)"', page).group(1))


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_a_stale_tab_does_not_overwrite_a_newer_answer(client, app):
    assessment_id = new_assessment(client)
    section = app.extensions["weighbridge_rules"].bank.section("scenario")
    url = f"/assessments/{assessment_id}/step/scenario"
    client.post(url, data=section_form_data(section, ANSWERS))
    tab_one = seen_field(client.get(url).text)  # two tabs open on the same page
    tab_two = seen_field(client.get(url).text)
    newer = client.post(url, data={**section_form_data(
        section, {**ANSWERS, "contract_value_meur": 30}), "seen": tab_two})
    assert newer.status_code == 302
    stale = client.post(url, data={**section_form_data(
        section, {**ANSWERS, "contract_value_meur": 45, "nato_member": "no"}),
        "seen": tab_one})
    assert stale.status_code == 409
    page = html_unescape(stale.text)
    assert "Someone changed this answer while you were editing" in page
    assert re.search(r"Yours:</strong> 45 million EUR", page)
    assert re.search(r"Saved meanwhile[^<]*:</strong> 30 million EUR", page)
    saved = stored(app, assessment_id)
    assert saved["contract_value_meur"] == 30  # the newer value stays until the user chooses
    assert saved["nato_member"] == "no"  # the rest of the stale page was saved
    # The user keeps their own value.
    form = {k: v for k, v in re.findall(r'name="((?:mine|version|evidence)__[^"]+)" '
                                        r'value="([^"]*)"', stale.text)}
    form = {k: html_unescape(v) for k, v in form.items()}
    resolved = client.post(f"{url}/resolve", data={**form, "keep__contract_value_meur": "mine",
                                                   "action": "next"})
    assert resolved.status_code == 302
    assert stored(app, assessment_id)["contract_value_meur"] == 45


def test_keeping_the_stored_value_changes_nothing(client, app):
    assessment_id = new_assessment(client)
    section = app.extensions["weighbridge_rules"].bank.section("scenario")
    url = f"/assessments/{assessment_id}/step/scenario"
    client.post(url, data=section_form_data(section, ANSWERS))
    seen = seen_field(client.get(url).text)
    client.post(url, data=section_form_data(section, {**ANSWERS, "freedom_status": "partly_free"}))
    stale = client.post(url, data={**section_form_data(
        section, {**ANSWERS, "freedom_status": "not_rated"}), "seen": seen})
    assert stale.status_code == 409
    resolved = client.post(f"{url}/resolve", data={"keep__freedom_status": "theirs",
                                                   "action": "next"})
    assert resolved.status_code == 302
    assert stored(app, assessment_id)["freedom_status"] == "partly_free"


@pytest.mark.parametrize("bad", [{"mine__contract_value_meur": "not json"},
                                 {"mine__contract_value_meur": json.dumps("twelve")},
                                 {"version__contract_value_meur": "x"}])
def test_a_forged_resolution_is_refused(client, app, bad):
    assessment_id = new_assessment(client)
    form = {"keep__contract_value_meur": "mine", "mine__contract_value_meur": "12",
            "version__contract_value_meur": "1", **bad}
    response = client.post(f"/assessments/{assessment_id}/step/scenario/resolve", data=form)
    assert response.status_code == 400
