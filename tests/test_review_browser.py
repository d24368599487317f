"""Two people in Chromium from creation to approval: the author (an assessor) fills in an
assessment and submits it; a reviewer of the team signs in in another browser, returns it with
a comment; the author sees the comment and submits again; the reviewer approves; both see the
approved report and its PDF."""

from __future__ import annotations

from .accounts_support import PASSWORD, add_account
from .browser_support import fill, log_in_page
from .conftest import example_answers


def test_author_and_reviewer_from_creation_to_approval(live, browser):
    add_account(live.app, "rita", "reviewer", name="Rita Reviewer")
    answers = example_answers("ministry_laptops_own_it.json")
    author = browser.new_page()  # signed in as "tester", an assessor, through the form
    author.goto(live.url + "/assessments/new")
    author.fill("#title", "Laptops for review")
    author.click("main button[type=submit]")
    while "/step/" in author.url:
        fill(author, answers)
        author.click(".buttons button[value=next]")
    assert "/report" in author.url
    report = author.url.split("?")[0]
    assert "Approve" not in author.inner_text(".review-box")
    author.click("text=Submit for review")
    assert "Submitted for review" in author.inner_text(".review-box")
    assert "Approve" not in author.inner_text(".review-box")  # not by its author

    second = browser.new_anonymous_context()
    reviewer = second.new_page()
    log_in_page(reviewer, live.url, "rita", PASSWORD)
    assert "Laptops for review" in reviewer.inner_text("table.list")
    assert "Submitted for review" in reviewer.inner_text("table.list")
    reviewer.goto(report)
    reviewer.fill("textarea[name=comment]", "Say where the <budget> figure comes from.")
    reviewer.click("text=Return to draft with this comment")
    assert "Returned to the author" in reviewer.inner_text(".flash")

    author.goto(report)
    assert "Say where the <budget> figure comes from." in author.inner_text(".review-box")
    author.click("text=Submit for review")

    reviewer.goto(report)
    reviewer.click(".review-box button:has-text('Approve')")
    assert "Approved by Rita Reviewer" in reviewer.inner_text("main")

    author.goto(report)
    assert "Approved by Rita Reviewer" in author.inner_text(".review-box")
    assert "Approved by Rita Reviewer on" in author.inner_text(".approved-report")
    with author.expect_download() as download:
        author.click("text=Download PDF")
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    author.goto(live.url + "/")
    assert "Approved" in author.inner_text("table.list")
    # Signing out is a button (a POST with the CSRF token), and afterwards the list is closed.
    author.click("header .wide-nav button:has-text('Sign out')")
    assert "/login" in author.url and "You are signed out" in author.inner_text(".flash")
    author.goto(live.url + "/")
    assert "/login" in author.url
    second.close()
