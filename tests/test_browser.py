"""The wizard in real Chromium (Playwright): what only a browser shows — the show_if script,
exclusive checkboxes, leaving and resuming with CSRF on, printing, a whole assessment done with
the keyboard alone, and two tabs saving the same question. Debian's Chromium with the flags of
tests/browser_support.py; skipped where it or Playwright is missing, except under CI=true."""

from __future__ import annotations

import re
import subprocess

import pytest

from .browser_support import fill, unavailable
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
    assert "weights: Security-led" in page.inner_text(".signature")
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
    from playwright.sync_api import expect

    page = browser.new_page()
    start(page, server, "Bad number")
    page.check('input[name="organisation_type"][value="ministry"]')
    page.fill('input[name="contract_value_meur"]', "a lot")
    page.click(".buttons button[value=next]")
    field = page.locator("#q-contract_value_meur")
    assert "is not a number" in field.inner_text()
    assert page.input_value('input[name="contract_value_meur"]') == "a lot"
    assert page.is_checked('input[name="organisation_type"][value="ministry"]')
    # A screen reader on the field hears the error, and that the answer is invalid.
    box = page.get_by_role("textbox", name="Roughly what is the total value")
    expect(box).to_have_accessible_description(re.compile("is not a number"))
    expect(box).to_have_attribute("aria-invalid", "true")
    unanswered = page.get_by_role("radio", name="Buying equipment, software or services")
    expect(unanswered).to_have_accessible_description(re.compile("Please answer this question"))
    expect(page.get_by_role("radio", name="Ministry or central government agency")) \
        .not_to_have_attribute("aria-invalid", "true")
    page.close()


# --- The keyboard alone -------------------------------------------------------------------
#
# Only key presses: Tab, Shift+Tab, Space, Enter, the arrow keys and typing. Where the focus
# is comes from document.activeElement; every element the focus lands on must show a visible
# focus ring (3:1 against what is around it), be on screen and have a size.

FOCUS = """(selector) => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = c => {
    const [r, g, b] = c.slice(0, 3).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let ring = null;
  const box = e.getBoundingClientRect();
  const style = getComputedStyle(e);
  if (box.width < 1 || box.height < 1) ring = "has no size";
  else if (box.bottom < 0 || box.top > innerHeight || box.right < 0 || box.left > innerWidth)
    ring = "is off screen";
  else if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2)
    ring = `shows no focus ring (outline: ${style.outlineStyle} ${style.outlineWidth})`;
  else {
    let around = [255, 255, 255];
    for (let n = e.parentElement; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) { around = c; break; }
    }
    const [a, b] = [lum(rgb(style.outlineColor)), lum(around)];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 3) ring = `has a focus ring of ${ratio.toFixed(2)}:1 against its background`;
  }
  const question = e.closest("fieldset.question");
  return {
    tag: e.tagName.toLowerCase(), type: (e.getAttribute("type") || "").toLowerCase(),
    name: e.getAttribute("name") || "", value: e.value === undefined ? "" : String(e.value),
    checked: !!e.checked, question: question ? question.dataset.question : null,
    matches: selector ? e.matches(selector) : false, ring: ring,
    html: e.outerHTML.slice(0, 160),
  };
}"""


def tab(page, selector: str | None = None, back: bool = False) -> dict | None:
    """Press Tab (Shift+Tab when back) and say where the focus went; fail if it is not
    visible there."""
    page.keyboard.press("Shift+Tab" if back else "Tab")
    focus = page.evaluate(FOCUS, selector)
    if focus is not None and focus["ring"]:
        pytest.fail(f"On {page.url} the focused element {focus['ring']}: {focus['html']}")
    return focus


def tab_to(page, selector: str, limit: int = 300) -> dict:
    """Tab forward until the element matching the selector has the focus."""
    for _ in range(limit):
        focus = tab(page, selector)
        if focus is not None and focus["matches"]:
            return focus
    pytest.fail(f"On {page.url}, {selector} cannot be reached with Tab")


def press_and_load(page, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)


def choose_radio(page, qid: str, wanted: str) -> None:
    """In the radio group that has the focus, move with the arrow keys to the wanted option."""
    group = page.evaluate("""(name) => {
      const radios = [...document.querySelectorAll(`input[type=radio][name="${name}"]`)];
      const at = radios.indexOf(document.activeElement);
      return {values: radios.map(r => r.value), at: at, checked: radios[at].checked};
    }""", qid)
    steps = group["values"].index(wanted) - group["at"]
    if steps == 0 and not group["checked"]:
        page.keyboard.press("Space")
    for _ in range(abs(steps)):
        page.keyboard.press("ArrowDown" if steps > 0 else "ArrowUp")
    checked = page.evaluate(
        "(name) => (document.querySelector(`input[name='${name}']:checked`) || {}).value", qid)
    assert checked == wanted, f"{qid}: the arrow keys chose {checked!r}, not {wanted!r}"


def answer_focused(page, focus: dict, answers: dict) -> None:
    """Answer the question whose control has the focus, with the keyboard."""
    qid, name = focus["question"], focus["name"]
    if qid not in answers:
        return
    value = answers[qid]
    if focus["type"] == "radio" and name == qid:
        choose_radio(page, qid, str(value))
    elif focus["type"] == "checkbox" and name in (qid, qid + "__unknown"):
        if name != qid:
            wanted = value == "unknown"
        else:
            chosen = value if isinstance(value, list) else [value]
            wanted = focus["value"] in (chosen or ["__none__"])
        if wanted != focus["checked"]:
            page.keyboard.press("Space")
    elif name == qid and focus["tag"] in ("input", "textarea") and value != "unknown":
        page.keyboard.press("Control+A")
        page.keyboard.type(str(value))


def answer_page_by_keyboard(page, answers: dict) -> None:
    """Tab through the page from the top, answering each question on the way, until "Save and
    continue" has the focus; Enter saves."""
    for _ in range(800):
        focus = tab(page)
        if focus is None:
            pytest.fail(f"On {page.url} the focus left the page before 'Save and continue'")
        if focus["tag"] == "button" and focus["name"] == "action" and focus["value"] == "next" \
                and "default-submit" not in focus["html"]:
            press_and_load(page)
            return
        if focus["question"]:
            answer_focused(page, focus, answers)
    pytest.fail(f"On {page.url} Tab never reached 'Save and continue'")


def pdf_text(path) -> tuple[int, str]:
    """The number of pages and the text of a PDF (poppler-utils)."""
    try:
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                              check=True).stdout
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    except FileNotFoundError:
        unavailable("pdftotext and pdfinfo are not installed (apt-get install poppler-utils)")
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)), " ".join(text.split())


def stored_answers(app, title: str) -> dict:
    from webapp.extensions import db
    from webapp.models import Assessment

    with app.app_context():
        assessment = db.session.scalars(db.select(Assessment).filter_by(title=title)).one()
        return {qid: sorted(v) if isinstance(v, list) else v
                for qid, v in assessment.answers.items()}


def test_a_whole_assessment_with_the_keyboard_alone(live, browser, tmp_path):
    answers = example_answers("police_facial_recognition_not_free.json")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(live.url + "/")
    tab_to(page, 'main a[href$="/assessments/new"]')  # "New assessment"
    press_and_load(page)
    tab_to(page, "#title")
    page.keyboard.type("Cameras by keybaord")
    assert tab(page, "#assessor")["matches"]
    page.keyboard.type("A. Keyboard")
    assert tab(page, "#title", back=True)["matches"]  # back to correct the typo
    page.keyboard.press("Control+A")
    page.keyboard.type("Cameras by keyboard")
    press_and_load(page)  # Enter in a text box submits

    # The skip link comes first and takes the focus past the site's navigation.
    assert tab(page, ".skip-link")["matches"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    assert tab(page, "main a")["matches"]

    steps = []
    while "/step/" in page.url:
        steps.append(page.url.split("#")[0].rsplit("/", 1)[1])
        count = page.inner_text(".step-count")
        assert count.startswith(f"Step {len(steps)} of "), count
        answer_page_by_keyboard(page, answers)
        errors = page.locator(".error-summary")
        assert errors.count() == 0, f"{steps[-1]}: {errors.inner_text()}"
    assert steps == ["scenario", "partner", "technology", "data_access", "surveillance",
                     "development", "alliances", "mitigations"]
    # Every answer typed, ticked and chosen is stored as the example gives it.
    assert stored_answers(live.app, "Cameras by keyboard") == {
        qid: sorted(v) if isinstance(v, list) else v for qid, v in answers.items()}

    # The report, as saved from the keyboard: the decision is the first screen on a laptop,
    # before the review box and the tools.
    assert "/report" in page.url
    assert page.inner_text(".verdict-box h2") == "Verdict: Do not proceed"
    page.set_viewport_size({"width": 1366, "height": 768})
    page.evaluate("window.scrollTo(0, 0)")
    top = page.evaluate("""() => ['.verdict-box h2', '.verdict-box .why', '.report-tools']
        .map(s => document.querySelector(s).getBoundingClientRect().top)""")
    assert top[0] < top[1] < 768 < top[2], top
    page.set_viewport_size({"width": 1366, "height": 900})
    assert "Assessed by A. Keyboard" in page.inner_text(".signature")
    answered = page.inner_text("section.answers")
    assert "Example camera maker" in answered and "Not Free" in answered
    balanced = page.inner_text(".balance strong")
    assert "weights: Balanced" in page.inner_text(".signature")

    # Another weight profile, chosen with the arrow keys and applied with Enter.
    tab_to(page, "#profile")
    for _ in range(10):
        if page.evaluate("document.activeElement.value") == "rights_led":
            break
        page.keyboard.press("ArrowDown")
    tab_to(page, "form.options button[type=submit]")
    press_and_load(page)
    assert "profile=rights_led" in page.url
    assert "weights: Rights-led" in page.inner_text(".signature")
    assert page.inner_text(".balance strong") != balanced
    assert "rights-led" in page.inner_text("section.sensitivity").lower()

    # Print: the A4 print stylesheet, without the page's controls.
    page.emulate_media(media="print")
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4")
    pages, text = pdf_text(pdf)
    assert pages >= 2
    assert "Verdict: Do not proceed" in text and "Cameras by keyboard" in text
    assert "Rights-led" in text and "Re-weigh" not in text
    context.close()


def test_two_tabs_saving_one_question_meet_the_conflict_page(server, browser):
    answers = example_answers("ministry_laptops_own_it.json")
    context = browser.new_context()  # two tabs of one browser: one session
    first, second = context.new_page(), context.new_page()
    first.bring_to_front()  # a tab in the background gets no animation frames: it would crawl
    start(first, server, "Two tabs")
    fill(first, answers)
    first.click(".buttons button[value=next]")
    url = first.url.replace("/step/partner", "/step/scenario")
    value = 'input[name="contract_value_meur"]'

    for kept, mine, theirs in (("Saved meanwhile", "45", "30"), ("Yours", "55", "50")):
        first.goto(url)
        second.goto(url)  # both tabs show the same page
        first.bring_to_front()
        first.fill(value, theirs)
        first.click(".buttons button[value=next]")
        assert "/step/partner" in first.url
        second.bring_to_front()
        second.fill(value, mine)
        second.check('input[name="nato_member"][value="no"]')  # not changed in the other tab
        second.click(".buttons button[value=next]")
        assert second.inner_text("h1") == "Someone changed this answer while you were editing"
        box = second.locator("#conflict-contract_value_meur")
        assert f"Yours: {mine} million EUR" in box.inner_text()
        assert re.search(rf"Saved meanwhile \(.*UTC\): {theirs} million EUR", box.inner_text())
        box.get_by_label(kept).check()
        second.click("text=Keep my choices and continue")
        assert "/step/partner" in second.url
        assert "Your choices were saved." in second.inner_text(".flash")
        second.goto(url)
        stored = mine if kept == "Yours" else theirs
        assert second.input_value(value) == stored
        assert second.is_checked('input[name="nato_member"][value="no"]')  # saved meanwhile
    context.close()
