"""axe-core (axe-playwright-python) on every page type and state, in Debian's Chromium: the
list (empty, with assessments), the new-assessment form (empty, with errors), every section
of the wizard (empty, after a submit with errors, filled), the partner registry picker, the
conflict page, the report (a draft with unknown answers and a custom-weights error, and a
complete one), the method page and a 404. Any serious or critical violation fails, with its
rule, impact, where and why. And the forms reflow to a phone's width. Skipped where Chromium,
Playwright or axe is missing, except under CI=true (tests/browser_support.py)."""

from __future__ import annotations

import re

import pytest

from .browser_support import axe_problems, fill, live_server, seed, unavailable
from .conftest import example_answers

#: every section applies to this scenario (surveillance, development context)
ANSWERS = example_answers("police_facial_recognition_not_free.json")


@pytest.fixture(scope="module")
def axe(browser):
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        unavailable("axe-playwright-python is not installed (pip install -e '.[test]')")
    return Axe()


class Audit:
    """Collects the serious and critical violations of every page looked at, so one failure
    lists them all."""

    def __init__(self, axe):
        self.axe = axe
        self.problems: list[str] = []
        self.looked_at: list[str] = []

    def check(self, page, label: str, disable: tuple[str, ...] = ()) -> None:
        self.looked_at.append(label)
        self.problems += [f"[{label}] {line}" for line in axe_problems(self.axe, page, disable)]

    def assert_clean(self) -> None:
        assert not self.problems, (f"{len(self.problems)} serious or critical accessibility "
                                   "violation(s):\n" + "\n".join(self.problems))


@pytest.fixture
def audit(axe):
    return Audit(axe)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    yield context.new_page()
    context.close()


def next_page(page) -> None:
    page.click(".buttons button[value=next]")
    page.wait_for_load_state()  # the next page loaded, not only its address committed


def test_the_audit_catches_what_it_should(page, axe):
    """The check itself can fail: an unlabelled text box is reported as critical."""
    page.set_content('<!doctype html><html lang="en"><title>t</title><main><h1>t</h1>'
                     '<textarea id="bare"></textarea></main></html>')
    problems = axe_problems(axe, page)
    assert any(p.startswith("label (critical)") and "#bare" in p for p in problems), problems


def test_assessments_list_empty_and_with_assessments(browser, page, audit, tmp_path):
    with live_server(tmp_path, browser) as fresh:
        page.goto(fresh.url + "/")
        assert "No assessments yet" in page.inner_text("main")
        audit.check(page, "list, empty")
        seed(fresh.app, "Complete", ANSWERS)
        seed(fresh.app, "Half done", ANSWERS, sections=3)
        page.goto(fresh.url + "/")
        assert page.locator("table.list tbody tr").count() == 2
        audit.check(page, "list, with assessments")
    audit.assert_clean()


def test_new_assessment_form_empty_and_with_errors(server, page, audit):
    page.goto(server + "/assessments/new")
    audit.check(page, "new assessment, empty")
    page.click("button[type=submit]")
    assert "Give the assessment a title." in page.inner_text("main")
    audit.check(page, "new assessment, with an error")
    audit.assert_clean()


def test_every_wizard_section_empty_with_errors_and_filled(live, page, audit):
    assessment_id = seed(live.app, "Every section", ANSWERS, sections=0)
    page.goto(f"{live.url}/assessments/{assessment_id}/")
    visited = []
    while "/step/" in page.url:
        section = page.url.rsplit("/", 1)[1]
        visited.append(section)
        audit.check(page, f"section {section}, empty")
        next_page(page)  # nothing answered: every required question is an error
        assert page.locator(".error-summary").is_visible(), section
        audit.check(page, f"section {section}, with errors")
        fill(page, ANSWERS)
        next_page(page)
    assert "/report" in page.url
    bank = live.app.extensions["weighbridge_rules"].bank
    assert visited == [s.id for s in bank.sections]  # every section applies here
    for section in visited:
        page.goto(f"{live.url}/assessments/{assessment_id}/step/{section}")
        assert page.locator("input:checked, textarea:not(:empty)").count() > 0, section
        audit.check(page, f"section {section}, filled")
    audit.assert_clean()


def test_partner_registry_picker(live, page, audit):
    assessment_id = seed(live.app, "Registry", ANSWERS, sections=1)
    page.goto(f"{live.url}/assessments/{assessment_id}/step/partner")
    audit.check(page, "partner page, registry picker")
    page.select_option("#registry_partner", "huawei")
    page.click("button[value=prefill]")
    assert "Registry entry: Huawei" in page.inner_text(".registry-chosen")
    page.click(".registry-notes summary")
    audit.check(page, "partner page, filled in from the registry")
    fill(page, {"vendor_ownership": "private"})  # the registry leaves it open
    next_page(page)
    assert page.locator(".prefill").count() > 0  # the registry's marks on a later page
    audit.check(page, "page after the partner page, registry marks")
    audit.assert_clean()


def test_conflict_page(live, browser, audit):
    assessment_id = seed(live.app, "Conflict", ANSWERS, sections=1)
    url = f"{live.url}/assessments/{assessment_id}/step/scenario"
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    first.goto(url)
    second.goto(url)
    first.bring_to_front()  # a tab in the background gets no animation frames: it would crawl
    first.fill("#contract_value_meur", "30")
    next_page(first)
    second.bring_to_front()
    second.fill("#contract_value_meur", "45")
    next_page(second)
    assert "while you were editing" in second.inner_text("h1")
    audit.check(second, "conflict page")
    context.close()
    audit.assert_clean()


def test_report_draft_with_a_weights_error_and_complete(live, page, audit):
    draft = seed(live.app, "Draft", ANSWERS, sections=2)
    page.goto(f"{live.url}/assessments/{draft}/report?w_open_economy=-3")
    answered, total = map(int, re.search(r"Draft — (\d+) of (\d+) sections answered",
                                         page.inner_text(".draft-banner")).groups())
    assert 2 <= answered < total  # sections with no question that applies count as answered
    assert page.inner_text(".verdict-box h2").startswith("Verdict (provisional):")
    assert "with the unknown answers it lies between" in page.inner_text(".verdict-box")
    assert "A weight from 0 to 100." in page.inner_text("form.options")
    weight = page.locator("#w_open_economy")  # a screen reader on the field hears why
    assert weight.get_attribute("aria-invalid") == "true"
    assert page.inner_text("#" + weight.get_attribute("aria-describedby")) == \
        "A weight from 0 to 100."
    audit.check(page, "report, draft with unknown answers and a custom-weights error")
    complete = seed(live.app, "Complete", example_answers("core_network_listed_vendor.json"))
    page.goto(f"{live.url}/assessments/{complete}/report")
    assert page.locator(".draft-banner").count() == 0
    assert page.inner_text(".verdict-box h2").startswith("Verdict:")
    audit.check(page, "report, complete")
    audit.assert_clean()


def test_method_page(server, page, audit):
    # Colour contrast on all 135 rules takes axe about 20 s; every element type of the page is
    # in the one-concern view (risks, benefits, mitigations, a red line, the tables), which is
    # checked in full. The whole page is checked for everything else.
    page.goto(server + "/method?concern=alliances")
    assert page.locator(".rule.effect-mitigation").count() > 0
    assert page.locator(".rule .tag.red").count() > 0
    audit.check(page, "method page, one concern")
    page.goto(server + "/method")
    audit.check(page, "method page, all rules", disable=("color-contrast",))
    audit.assert_clean()


def test_not_found_page(server, page, audit):
    response = page.goto(server + "/assessments/999999/")
    assert response.status == 404
    audit.check(page, "404 page")
    audit.assert_clean()


WIDEST_ELEMENTS = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > innerWidth + 1
                 && !e.closest('.table-scroll, .chart-box'))
    .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className + ' '
                     + Math.round(e.getBoundingClientRect().right))"""


@pytest.mark.parametrize("width", [390, 1920])
def test_every_page_fits_a_phone_and_a_projector(live, browser, tmp_path, width):
    """WCAG reflow at 390 px and a projector at 1920 px: no page scrolls sideways (wide tables
    and charts scroll inside their own box), the menu collapses on the phone, chart labels stay
    at least 11 px. Screenshots of every page are saved for a person to look at."""
    draft = seed(live.app, "A draft with a rather long title that has to wrap on a phone",
                 ANSWERS, sections=2)
    complete = seed(live.app, "Complete",
                    example_answers("police_facial_recognition_not_free.json"))
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    pages = {"list": "/", "new": "/assessments/new",
             "scenario": f"/assessments/{draft}/step/scenario",
             "partner": f"/assessments/{draft}/step/partner",
             "draft-report": f"/assessments/{draft}/report",
             "report": f"/assessments/{complete}/report",
             "method": "/method?concern=alliances", "edit": f"/assessments/{complete}/edit",
             "import": "/assessments/import", "trash": "/trash"}
    for name, path in pages.items():
        response = page.goto(live.url + path)
        assert response.status == 200, path
        page.screenshot(path=str(tmp_path / f"{width}-{name}.png"), full_page=True,
                        timeout=120_000)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, (f"{path} is {scroll} px wide on a {width} px screen: "
                                 f"{page.evaluate(WIDEST_ELEMENTS)}")
        if name in ("report", "draft-report"):
            smallest = page.evaluate("""() => Math.min(...[...document.querySelectorAll(
                'svg.chart text')].map(t => t.getBoundingClientRect().height))""")
            assert smallest >= 11 * 0.9, f"{path}: a chart label is {smallest:.1f} px high"
    page.goto(live.url + "/")
    menu_height = page.evaluate("document.querySelector('header').getBoundingClientRect().height")
    if width == 390:
        assert menu_height < 200, "the menu should collapse on a phone"
    context.close()


def test_manage_pages(live, page, audit, tmp_path):
    """Rename (with an error), the delete confirmation, the trash, import (with problems)."""
    assessment_id = seed(live.app, "To manage", ANSWERS)
    page.goto(live.url + f"/assessments/{assessment_id}/edit")
    audit.check(page, "rename")
    page.fill("#title", "")
    page.click("button[type=submit]")
    audit.check(page, "rename, with an error")
    page.goto(live.url + f"/assessments/{assessment_id}/delete")
    audit.check(page, "delete confirmation")
    page.click("button.danger")
    page.goto(live.url + "/trash")
    audit.check(page, "trash with an assessment")
    page.goto(live.url + "/assessments/import")
    audit.check(page, "import, empty")
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": 3, "answers": {"ldc": "maybe"}}', encoding="utf-8")
    page.set_input_files("#file", str(bad))
    page.click("button.primary")
    assert "The file was not imported" in page.content()
    audit.check(page, "import, refused with problems")
    page.goto(live.url + "/?show=archived&q=nothing")
    audit.check(page, "list, filtered to nothing")
    audit.assert_clean()


def test_no_page_breaks_the_content_security_policy(live, browser):
    """The CSP forbids inline script and style: Chromium reports any violation on the console,
    and the pages' own scripts still work under it (show_if hides a question)."""
    assessment_id = seed(live.app, "Policy", ANSWERS)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    paths = ["/", "/assessments/new", f"/assessments/{assessment_id}/edit", "/trash",
             "/assessments/import", "/method", "/no/such/page",
             f"/assessments/{assessment_id}/report", f"/assessments/{assessment_id}/history",
             f"/assessments/{assessment_id}/actions", f"/assessments/{assessment_id}/reassess"]
    paths += [f"/assessments/{assessment_id}/step/{s.id}"
              for s in live.app.extensions["weighbridge_rules"].bank.sections]
    for path in paths:
        page.goto(live.url + path)
    assert violations == []
    ran = 0
    for section in live.app.extensions["weighbridge_rules"].bank.sections:
        page.goto(live.url + f"/assessments/{assessment_id}/step/{section.id}")
        # showif.js hides the "applies when" notes it replaces by live showing and hiding.
        ran += page.evaluate("document.querySelectorAll('.applies-when[hidden]').length")
    assert ran > 0, "showif.js did not run on any page: a script was blocked"
    context.close()


def test_history_action_plan_and_reassess_pages(live, page, audit):
    """The history, adopting a condition from the report (CSRF on), the action plan with
    errors, the confirmation of a done action's answers and the re-assess page."""
    assessment_id = seed(live.app, "Actions", ANSWERS)
    page.goto(live.url + f"/assessments/{assessment_id}/history")
    audit.check(page, "history")
    page.goto(live.url + f"/assessments/{assessment_id}/report")
    page.click(".condition-list .adopt a >> nth=0")
    assert "Adopt this condition as an action?" in page.content()
    audit.check(page, "adopt confirmation")
    page.click("button.primary")
    assert "Adopted as an action" in page.content()
    audit.check(page, "action plan")
    form = page.locator(".action-form").first
    form.locator("select").select_option("dropped")
    form.locator("button[type=submit]").click()
    assert "Say why the action is dropped." in page.content()
    audit.check(page, "action plan, with an error")
    form = page.locator(".action-form").first
    form.locator("input[type=date]").fill("2027-03-31")
    form.locator("select").select_option("done")
    form.locator("button[type=submit]").click()
    if "/apply" in page.url:
        audit.check(page, "done: confirm the answers")
    page.goto(live.url + f"/assessments/{assessment_id}/reassess")
    audit.check(page, "re-assess, same rules")
def test_portfolio_pages(live, page, audit, rulebase, tmp_path):
    from .screen_helpers import with_bad_rows

    source = tmp_path / "portfolio.csv"
    source.write_text(with_bad_rows(rulebase), encoding="utf-8", newline="")
    page.goto(live.url + "/portfolio")
    audit.check(page, "portfolio upload")
    page.click("text=Screen the portfolio")
    assert "Choose a CSV file" in page.inner_text("main")
    audit.check(page, "portfolio upload, no file")
    page.set_input_files("#file", str(source))
    page.click("text=Screen the portfolio")
    assert page.locator("table.portfolio-table tbody tr").count() == 3
    audit.check(page, "portfolio with good and bad rows")
    page.set_viewport_size({"width": 390, "height": 844})
    audit.check(page, "portfolio at 390 px")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"project_id,ldcc\r\np1,yes\r\n")
    page.goto(live.url + "/portfolio")
    page.set_input_files("#file", str(bad))
    page.click("text=Screen the portfolio")
    assert "The file was not screened" in page.inner_text("main")
    audit.check(page, "portfolio file refused")
    audit.assert_clean()
