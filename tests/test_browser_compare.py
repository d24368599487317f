"""A three-alternative comparison made in Chromium: "Add an alternative" from a report twice
(a copy named Vendor B, and doing nothing), the comparisons list from the assessments list, the
compare page with a profile switch, and its layout on a phone and a laptop (no page-wide
horizontal scroll; the chart scrolls in its own box)."""

from __future__ import annotations

import os

from .browser_support import axe_problems, seed, unavailable
from .conftest import example_answers

SHOTS = os.environ.get("WEIGHBRIDGE_SCREENSHOTS")  # a folder: keep screenshots to look at


def _axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        unavailable("axe-playwright-python is not installed (pip install -e '.[test]')")
    return Axe()


def add_alternative(page, server, assessment_id, name, nothing=False, first=False):
    page.goto(f"{server}/assessments/{assessment_id}/report")
    page.click("text=Add an alternative")
    if first:
        page.fill("#comparison_name", "Core network 2027")
        page.fill("#original_name", "Vendor A")
    page.fill("#name", name)
    if first:
        assert axe_problems(_axe(), page) == []
    if nothing:
        page.check('input[name="start"][value="nothing"]')
    page.click("text=Add the alternative")
    assert f"“{name}” is added to “Core network 2027”" in page.inner_text(".flash")


def test_three_alternatives_side_by_side(live, browser):
    server = live.url
    first = seed(live.app, "Core network", example_answers("core_network_listed_vendor.json"))
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    add_alternative(page, server, first, "Vendor B", first=True)
    add_alternative(page, server, first, "Doing nothing", nothing=True)

    page.goto(server + "/")
    page.click("a.button:has-text('Comparisons')")
    page.click("text=Core network 2027")
    ranking = page.locator(".ranking-list li")
    assert ranking.count() == 3
    text = page.inner_text(".ranking-list")
    for name in ("Vendor A", "Vendor B", "Doing nothing"):
        assert name in text
    assert "Ranking under the Balanced profile" in page.inner_text("#ranking-h")
    assert page.locator("svg.compare-chart").is_visible()
    assert page.locator(".compare-verdicts tbody tr").count() == 3
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/compare-1366.png", full_page=True)

    assert axe_problems(_axe(), page) == []  # no serious or critical violation

    page.select_option("#profile", "security_led")
    page.click("text=Re-weigh")
    assert "profile=security_led" in page.url
    assert "Security-led" in page.inner_text("#ranking-h")

    # each alternative's report is one click away
    page.click('.compare-verdicts a:has-text("Vendor B")')
    assert "/report" in page.url and "Core network 2027: Vendor B" in page.inner_text("h1")

    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.goto(page.url.split("/assessments")[0] + "/comparisons")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 391
    phone.click("text=Core network 2027")
    phone.wait_for_url("**/comparisons/*")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 391, f"the page scrolls sideways on a phone ({width}px)"
    box = phone.locator(".chart-box").first
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the chart scrolls in its box
    if SHOTS:
        phone.screenshot(path=f"{SHOTS}/compare-390.png", full_page=True)
    page.close()
    phone.close()
