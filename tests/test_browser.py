"""The wizard in real Chromium (Playwright): what only a browser shows — the show_if script,
exclusive checkboxes, leaving and resuming with CSRF on, printing. Debian's Chromium with the
flags of tests/browser_support.py; skipped where it or Playwright is missing, except under
CI=true."""

from __future__ import annotations

from .browser_support import fill
from .conftest import example_answers


def start(page, server, title):
    page.goto(server + "/assessments/new")
    page.fill("#title", title)
    page.click("button[type=submit]")


def test_leave_resume_and_finish_in_a_browser(server, browser):
    answers = example_answers("ministry_laptops_own_it.json")
    page = browser.new_page()
    start(page, server, "Laptops in the browser")
    assert page.inner_text(".step-count").startswith("Step 1 of")
    fill(page, answers)
    page.click(".buttons button[value=next]")
    fill(page, answers)
    page.click(".buttons button[value=save]")
    assert "Saved" in page.inner_text(".flash")
    page.click('table.list a:has-text("Laptops in the browser")')
    assert page.inner_text("h1") == "The technology and where it sits"
    while "/step/" in page.url:
        fill(page, answers)
        page.click(".buttons button[value=next]")
    assert "/report" in page.url
    assert page.inner_text(".verdict-box h2").startswith("Verdict:")
    page.select_option("#profile", "security_led")
    page.click("text=Re-weigh")
    assert "Security-led" in page.inner_text(".report-head .meta")
    pdf = page.pdf(format="A4")  # the print stylesheet renders
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000
    page.close()


def test_show_if_on_the_same_page_hides_and_shows(server, browser):
    answers = example_answers("rural_access_network_ldc.json")
    page = browser.new_page()
    start(page, server, "Show and hide")
    while "/step/development" not in page.url:
        fill(page, answers)
        page.click(".buttons button[value=next]")
    clauses = page.locator('[data-question="loan_clauses"]')
    page.check('input[name="financing"][value="multilateral_grant"]')
    assert not clauses.is_visible()
    page.check('input[name="financing"][value="state_lender"]')
    assert clauses.is_visible()
    # "None of these" and an option exclude each other
    page.check('input[name="loan_clauses"][value="confidentiality"]')
    page.check('input[name="loan_clauses"][value="__none__"]')
    assert not page.is_checked('input[name="loan_clauses"][value="confidentiality"]')
    page.close()


def test_a_bad_answer_is_shown_beside_its_field(server, browser):
    page = browser.new_page()
    start(page, server, "Bad number")
    page.check('input[name="organisation_type"][value="ministry"]')
    page.fill('input[name="contract_value_meur"]', "a lot")
    page.click(".buttons button[value=next]")
    field = page.locator("#q-contract_value_meur")
    assert "is not a number" in field.inner_text()
    assert page.input_value('input[name="contract_value_meur"]') == "a lot"
    assert page.is_checked('input[name="organisation_type"][value="ministry"]')
    page.close()

