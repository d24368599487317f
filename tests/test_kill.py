"""A gunicorn worker killed with SIGKILL in the middle of saving a step loses at most that step:
the assessment opens afterwards with every earlier answer, and the step can be saved again."""

from __future__ import annotations

import os
import re
import signal
import threading
import time

from webapp.app import create_app
from webapp.extensions import db
from webapp.models import Assessment

from .accounts_support import PASSWORD
from .conftest import RULES, example_answers
from .databases import empty_database_url, kind
from .live_server import Browser, LiveServer
from .wizard_helpers import section_form_data


def stored(url: str, assessment_id: int) -> tuple[dict, list[str]]:
    """The answers and sections done as the database holds them."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "t", "AUTO_MIGRATE": False,
                      "RULES_DIR": str(RULES)})
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        result = dict(assessment.answers), list(assessment.sections_done)
        db.engine.dispose()
    return result


def test_worker_killed_while_saving_loses_at_most_that_step(tmp_path, rulebase):
    url = empty_database_url(tmp_path)  # the server migrates it as it starts
    pause = tmp_path / "pause"
    server = LiveServer(url, tmp_path, workers=1,
                        env={"WEIGHBRIDGE_PAUSE_BEFORE_COMMIT": str(pause)})
    try:
        browser = Browser(server.url)
        # a fresh instance: the first visit creates the admin account, who is then signed in
        status, _, _ = browser.post_form("/setup", {
            "username": "admin", "name": "Admin", "password": PASSWORD, "confirm": PASSWORD})
        assert status == 302, server.read_log()
        status, _, headers = browser.post_form("/assessments/new", {"title": f"Kill ({kind()})"})
        assert status == 302, server.read_log()
        assessment_id = int(re.search(r"/assessments/(\d+)/", headers["Location"]).group(1))
        answers = example_answers("rural_access_network_ldc.json")
        scenario, partner = rulebase.bank.section("scenario"), rulebase.bank.section("partner")
        step = f"/assessments/{assessment_id}/step/"
        status, _, _ = browser.post_form(step + "scenario", section_form_data(scenario, answers))
        assert status == 302
        saved_before, done_before = stored(url, assessment_id)
        assert saved_before and done_before == ["scenario"]

        # The next step's save is held after writing, before committing; the worker is killed.
        pause.touch()
        outcome = {}
        posting = threading.Thread(target=lambda: outcome.update(result=_post_quietly(
            browser, step + "partner", section_form_data(partner, answers))))
        posting.start()
        paused = tmp_path / "pause.paused"
        deadline = time.monotonic() + 30
        while not paused.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        worker = int(paused.read_text())
        assert worker in server.workers()
        os.kill(worker, signal.SIGKILL)
        posting.join(timeout=30)
        pause.unlink()
        assert outcome["result"] != 302  # the user saw the save fail

        # Gunicorn starts a new worker; the assessment opens with every earlier answer.
        server.wait_until_up()
        after, done_after = stored(url, assessment_id)
        assert after == saved_before and done_after == ["scenario"]
        status, page, _ = browser.get(step + "scenario")
        assert status == 200 and "Step 1 of" in page
        status, page, _ = browser.get(f"/assessments/{assessment_id}/report")
        assert status == 200
        # Nothing is left locked: the lost step saves now.
        status, _, headers = browser.post_form(step + "partner",
                                               section_form_data(partner, answers))
        assert status == 302, server.read_log()
        after, done_after = stored(url, assessment_id)
        assert set(done_after) == {"scenario", "partner"}
        assert all(after.get(q.id) == saved_before.get(q.id) for q in scenario.questions)
    finally:
        server.stop()


def _post_quietly(browser: Browser, path: str, data: dict):
    try:
        return browser.post_form(path, data, timeout=60)[0]
    except OSError as error:  # the connection dies with the worker
        return type(error).__name__
