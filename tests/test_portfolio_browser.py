"""The Portfolio page in real Chromium: upload a file with good and bad rows, see both, open
one project as an assessment; a large file screened in the background, followed by the
poller until the table appears. Skipped without Chromium, except under CI=true."""

from __future__ import annotations

from .screen_helpers import with_bad_rows


def upload(page, server, tmp_path, text: str) -> None:
    source = tmp_path / "portfolio.csv"
    source.write_text(text, encoding="utf-8", newline="")
    page.goto(server + "/")
    page.click("nav.wide-nav >> text=Portfolio")
    page.set_input_files("#file", str(source))
    page.click("text=Screen the portfolio")


def test_upload_good_and_bad_rows_and_open_one(server, browser, rulebase, tmp_path):
    page = browser.new_page()
    upload(page, server, tmp_path, with_bad_rows(rulebase))
    assert "3 rows could not be screened" in page.inner_text(".flash")
    assert page.locator("table.portfolio-table tbody tr").count() == 3
    refused = page.inner_text("table.refused-rows")
    assert "ldc" in refused and "contract_value_meur" in refused
    assert page.locator("svg.portfolio-chart rect").count() >= 2
    page.click("th >> text=Balance")
    page.click("th >> text=Balance")  # descending
    first = page.inner_text("table.portfolio-table tbody tr >> nth=0")
    row = page.locator("table.portfolio-table tbody tr >> nth=0")
    title = first.split("\n")[0].split("\t")[1].strip()
    row.locator("text=Open as assessment").click()
    assert "/report" in page.url
    assert title in page.inner_text("h1, .report-title, main")
    page.goto(server + "/")
    assert title in page.inner_text("table.list")
    page.close()


def test_a_large_file_shows_progress_then_the_table(live, browser, rulebase, tmp_path):
    live.app.config["PORTFOLIO_BACKGROUND_ROWS"] = 2
    page = browser.new_page()
    upload(page, live.url, tmp_path, with_bad_rows(rulebase))
    assert "in the background" in " ".join(page.locator(".flash").all_inner_texts())
    # the poller reloads the page when the screening is done
    page.wait_for_selector("table.portfolio-table", timeout=60_000)
    assert page.locator("table.portfolio-table tbody tr").count() == 3
    assert page.locator("[data-progress-url]").count() == 0
    page.close()
    live.app.config["PORTFOLIO_BACKGROUND_ROWS"] = 200
