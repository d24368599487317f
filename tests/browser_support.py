"""What the browser tests share: Debian's Chromium driven by Playwright with the flags CI needs,
a live server of the app (CSRF on), and the rule that decides between skipping and failing.

Playwright's own browser download does not work on the CI machines, so the tests drive the
Debian package (`apt-get install chromium`). Locally the browser tests are skipped, with the
reason, when Playwright or Chromium is missing; under ``CI=true`` they fail instead, so a CI run
can never pass without them.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def chromium_path() -> str | None:
    for path in CHROMIUM_PATHS:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


def unavailable(reason: str) -> None:
    """Skip with the reason, except under CI=true, where a missing browser is a failure."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


class SigningInBrowser:
    """The browser, whose contexts (and pages) carry the session of a person who signed in
    through the sign-in page of a live server (``sign_in``): every context made before or
    after gets the session cookie. Anything else is the Playwright browser's own."""

    def __init__(self, browser: Any):
        self._browser = browser
        self._cookies: list[dict[str, Any]] = []
        self._contexts: list[Any] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)

    def new_context(self, **kwargs: Any) -> Any:
        context = self._browser.new_context(**kwargs)
        if self._cookies:
            context.add_cookies(self._cookies)
        self._contexts.append(context)
        return context

    def new_page(self, **kwargs: Any) -> Any:
        return self.new_context(**kwargs).new_page()

    def new_anonymous_context(self, **kwargs: Any) -> Any:
        """A context signed in as no one (for a second person)."""
        return self._browser.new_context(**kwargs)

    def sign_in(self, url: str, username: str = "tester", password: str | None = None) -> None:
        """Sign in on the live server at ``url`` with the form, as a person does, and give
        the session to every context of this browser."""
        from .accounts_support import PASSWORD

        context = self._browser.new_context()
        page = context.new_page()
        log_in_page(page, url, username, password or PASSWORD)
        self._cookies = context.cookies()
        context.close()
        for open_context in self._contexts:
            try:
                open_context.add_cookies(self._cookies)
            except Exception:  # noqa: BLE001, S110 - closed meanwhile
                pass


def log_in_page(page: Any, url: str, username: str, password: str) -> None:
    """Fill in and send the sign-in form in the browser."""
    page.goto(url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda address: "/login" not in address)


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (Debian's), closed at the end."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed (pip install -e '.[test]')")
    path = chromium_path()
    if path is None:
        unavailable("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield SigningInBrowser(browser)
        finally:
            browser.close()


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # no access log in the test output
        pass


@dataclass
class Live:
    """A running server: its address, and the app behind it (to seed data through its routes)."""

    url: str
    app: Flask


@contextmanager
def live_server(folder: Path, browser: SigningInBrowser | None = None) -> Iterator[Live]:
    """The app on a fresh database behind a real HTTP server, with CSRF on as in production;
    its account "tester" (make_app's) signed in on ``browser`` through the sign-in page."""
    from .conftest import make_app

    app = make_app(folder, TESTING=False, WTF_CSRF_ENABLED=True, SECRET_KEY="browser-test")
    httpd = make_server("127.0.0.1", 0, app, threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        if browser is not None:
            browser.sign_in(f"http://127.0.0.1:{httpd.server_port}")
        yield Live(f"http://127.0.0.1:{httpd.server_port}", app)
    finally:
        httpd.shutdown()
        thread.join()


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def seed(app: Flask, title: str, answers: dict[str, Any], sections: int | None = None) -> int:
    """An assessment made through the app's own routes (CSRF token and all): every section
    answered from ``answers`` as a browser would post it, or only the first ``sections``.
    Returns its id. For setting up pages to look at; the tests of the wizard itself type."""
    from .wizard_helpers import section_form_data

    bank = app.extensions["weighbridge_rules"].bank
    client = app.test_client()
    response = client.post("/assessments/new", data={
        "title": title, "csrf_token": _csrf(client.get("/assessments/new").text)})
    location = response.headers["Location"]
    assessment_id = int(re.search(r"/assessments/(\d+)/", location).group(1))
    done = 0
    while "/step/" in location and (sections is None or done < sections):
        page = client.get(location).text
        section = bank.section(location.rsplit("/", 1)[1])
        response = client.post(location, data={
            **section_form_data(section, answers), "csrf_token": _csrf(page)})
        assert response.status_code == 302, f"{section.id}: {response.status_code}"
        location = response.headers["Location"]
        done += 1
    return assessment_id


#: axe impacts that fail a test; moderate and minor ones are fixed when cheap, not enforced.
BLOCKING = ("serious", "critical")


def axe_problems(axe: Any, page: Any, disable: tuple[str, ...] = ()) -> list[str]:
    """Run axe-core on the page as it is now; one line per serious or critical violation,
    with its rule, impact, help, where (selectors) and the check's own explanation."""
    page.wait_for_load_state()  # on a busy machine a page can still be loading: axe needs it whole
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if disable:
        options["rules"] = {rule: {"enabled": False} for rule in disable}
    results = axe.run(page, options=options).response
    assert results["passes"], f"axe found nothing to check on {page.url}"
    problems = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            summary = " ".join((node.get("failureSummary") or "").split())
            problems.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                            f"at {target} — {summary} [{violation['helpUrl']}]")
    return problems


def fill(page: Any, answers: dict[str, Any]) -> None:
    """Answer every visible question of a wizard page from an answers dict, with the mouse.
    (The keyboard-only test in test_browser.py types instead.)"""
    for box in page.query_selector_all("fieldset.question"):
        qid = box.get_attribute("data-question")
        if not box.is_visible() or qid not in answers:
            continue
        value = answers[qid]
        if isinstance(value, list):
            for item in value or ["__none__"]:
                box.query_selector(f'input[name="{qid}"][value="{item}"]').check()
        elif box.query_selector(f'input[type="radio"][name="{qid}"]'):
            box.query_selector(f'input[name="{qid}"][value="{value}"]').check()
        elif box.query_selector(f'textarea[name="{qid}"]'):
            box.query_selector(f'textarea[name="{qid}"]').fill(str(value))
        else:
            box.query_selector(f'input[name="{qid}"]').fill(str(value))
