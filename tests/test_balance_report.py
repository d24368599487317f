"""What officials see of the balance's second round (issue 8): concerns that do not apply,
causes counted once, the registry's hints and ages, the sources, the section list, and the
questions they stumbled on."""

from __future__ import annotations

import html
import re

from .conftest import example_answers
from .test_partners import partner_url, pick
from .test_wizard import new_assessment, walk


def report_of(client, name, **changes):
    answers = {**example_answers(name), **changes}
    assessment_id = new_assessment(client, name)
    _, url = walk(client, assessment_id, answers)
    return html.unescape(client.get(url).text)


def test_a_concern_that_does_not_apply_says_so_everywhere_in_the_report(client):
    page = report_of(client, "ministry_laptops_own_it.json")
    row = re.search(r'<th scope="row">Development</th>(.*?)</tr>', page, re.S).group(1)
    assert "does not apply to this scenario" in row and "no evidence" not in row
    assert re.search(r'<input[^>]*disabled[^>]*name="w_development"|<input[^>]*name="w_development"'
                     r'[^>]*disabled', page)
    assert "Does not apply to this scenario: its weight changes nothing." in page
    assert "Development (weight 1): does not apply to this scenario: any weight gives the same" \
        in " ".join(page.split())
    assert "neither least-developed nor low on the ICT Development Index" in page
    assert ">does not apply</text>" in page  # the chart's row


def test_findings_that_share_a_cause_say_what_they_count_together(client):
    page = " ".join(report_of(client, "core_network_listed_vendor.json").split())
    assert "Shares one cause with" in page and "“The vendor's home state could press it”" in page
    assert re.search(r"they count 4, so each keeps \d+% of its points", page)


def test_the_wizard_lists_every_section_and_explains_those_that_do_not_apply(client, app):
    answers = example_answers("ministry_laptops_own_it.json")
    assessment_id = new_assessment(client)
    rulebase = app.extensions["weighbridge_rules"]
    from .wizard_helpers import section_form_data

    client.post(f"/assessments/{assessment_id}/step/scenario",
                data=section_form_data(rulebase.bank.section("scenario"), answers))
    page = " ".join(html.unescape(client.get(partner_url(assessment_id)).text).split())
    assert "Step 2 of" in page and "section does not apply to your answers" in page
    assert re.search(r'<li class="not_applicable">\s*<span class="step"[^>]*>Development context',
                     page)
    assert "“Development context” is asked only when" in page
    assert re.search(r'<li class="done">\s*<a[^>]*>The scenario', page)
    assert re.search(r'<li class="todo">\s*<a[^>]*>The technology', page)


def test_the_registry_shows_what_it_does_not_answer_and_how_old_its_facts_are(client, app):
    assessment_id = new_assessment(client)
    pick(client, assessment_id, "huawei")
    page = " ".join(html.unescape(client.get(partner_url(assessment_id)).text).split())
    hint = page[page.index('id="q-vendor_state_links"'):]
    assert "The partner registry does not answer this for Huawei." in hint[:2000]
    assert "says nothing about its links to the state" in hint[:2000]
    assert re.search(r'id="q-vendor_ownership".*?Check: recorded \d+ years ago', page)
    saved_answers = {**example_answers("ministry_laptops_own_it.json")}
    from .test_partners import full_answers, walk_from
    from .wizard_helpers import section_form_data

    rulebase = app.extensions["weighbridge_rules"]
    client.post(f"/assessments/{assessment_id}/step/scenario",
                data=section_form_data(rulebase.bank.section("scenario"), saved_answers))
    report_url = walk_from(client, assessment_id, "partner",
                           full_answers(app, assessment_id, vendor_state_links="unknown"))
    report = " ".join(html.unescape(client.get(report_url).text).split())
    assert "<dt>Partner registry</dt><dd>Facts used (6):" in report
    assert re.search(r"Who owns or controls the vendor: Privately owned \(not state-owned\) "
                     r"\(Huawei; as of 2021, <strong class=\"stale\">check: recorded \d+ years "
                     r"ago</strong>\)", report)
    assert "Sources cited" in report and "National Intelligence Law" in report


def test_a_tick_all_question_left_empty_asks_for_none_of_these(client):
    assessment_id = new_assessment(client)
    page = client.post(partner_url(assessment_id), data={"action": "next"})
    text = html.unescape(page.text)
    assert page.status_code == 422
    assert re.search(r'id="q-vendor_on_restricted_lists".*?Tick the options that apply, '
                     r"“None of these”, or “Don't know”", text, re.S)
    assert 'Tick "None of these" if it is on none' in text  # the help says the same
    assert "Leave all boxes empty" not in text


def test_cameras_can_be_plain_video_recording(rulebase):
    options = rulebase.bank.questions["surveillance_functions"].option_ids
    assert options[0] == "video_recording"


def test_the_method_page_lists_causes_and_sources(client):
    page = " ".join(html.unescape(client.get("/method").text).split())
    assert "Causes counted once" in page and "The vendor's home state could press it" in page
    assert 'id="source-eu_5g_toolbox"' in page and "EU 5G Toolbox of risk mitigating measures" \
        in page
    assert "https://eur-lex.europa.eu/eli/reg/2021/821/oj" in page
    assert "Takes part in the balance only when" in page  # development's applies_if


def test_a_conditions_effect_never_reads_as_the_same_number_twice(client):
    """A condition that lowers the balance by less than the three decimals shown says so,
    rather than "balance −0.309 → −0.309"."""
    page = report_of(client, "rural_access_network_ldc.json")
    effects = re.findall(r'<span class="effect">\(([^<]*)\)</span>', page)
    assert effects and "balance −0.309, lowered by less than 0.001" in effects
    for effect in effects:
        moved = re.match(r"balance (\S+) → (\S+?)(,|$)", effect)
        assert moved is None or moved.group(1) != moved.group(2), effect
