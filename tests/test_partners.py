"""The partner registry: its content, its validation, and pre-filling answers in the wizard."""

from __future__ import annotations

import html
import re
import shutil

import pytest

from webapp.engine import RuleBaseError, load_rulebase
from webapp.engine.loading.answers import normalise_value
from webapp.questionnaire.registry import NOT_LISTED

from .conftest import RULES
from .test_wizard import new_assessment, stored
from .wizard_helpers import section_form_data

TABLE = {
    "networks": ["Huawei", "China Mobile", "China Telecom", "China Unicom", "China Tower", "ZTE"],
    "devices": ["Lenovo", "Legend Holding", "Xiaomi", "Hikvision", "TCL",
                "BOE Technology Group"],
    "platforms_apps": ["JD.com", "Alibaba", "Tencent", "Suning.com", "Baidu", "NetEase"],
    "critical_components": ["China Electronics", "China Electronics Technology",
                            "Semiconductor Manufacturing International (SMIC)",
                            "Will Semiconductor"],
}


def answers_of(rulebase, partner_id):
    return {f.question: f.answer for f in rulebase.partners.get(partner_id).facts}


def test_registry_names_the_22_companies_of_the_brief_with_their_sectors(rulebase):
    registry = rulebase.partners
    assert {s: [p.name for p in ps] for s, ps in registry.by_sector()} == TABLE
    assert len(registry.partners) == 22
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", pid) for pid in registry.partners)


def test_every_fact_is_a_valid_sourced_dated_answer(rulebase):
    bank = rulebase.bank
    for partner in rulebase.partners.partners.values():
        assert partner.facts, partner.id
        for fact in partner.facts:
            assert normalise_value(bank.questions[fact.question], fact.answer) == fact.answer
            assert fact.source.strip() and fact.as_of.strip(), (partner.id, fact.question)
        for note in partner.notes:
            assert note.text and note.source and note.as_of
        facts = answers_of(rulebase, partner.id)
        assert facts["sector"] == partner.sector
        assert facts["vendor_home"] == "china"
        assert facts["home_law_compels"] == "yes"


def test_registry_records_only_what_the_sources_state(rulebase):
    """State ownership and US listings only where the brief or the register of sources say
    so; where a source says less than an answer, a hint and no answer."""
    registry = rulebase.partners
    owned = {pid for pid, p in registry.partners.items() if p.fact("vendor_ownership")}
    assert owned == {"huawei", "lenovo", "xiaomi", "tencent"}
    assert all(answers_of(rulebase, pid)["vendor_ownership"] == "private" for pid in owned)
    assert not any(p.fact("vendor_state_links") for p in registry.partners.values())
    assert {pid for pid, p in registry.partners.items() if p.hint("vendor_state_links")} == owned
    listed = {pid: answers_of(rulebase, pid)["vendor_on_restricted_lists"]
              for pid, p in registry.partners.items() if p.fact("vendor_on_restricted_lists")}
    assert listed == {"huawei": ["entity_list", "fcc_covered_list", "section_889"],
                      "hikvision": ["entity_list", "fcc_covered_list", "section_889"]}
    partial = {pid for pid, p in registry.partners.items()
               if p.hint("vendor_on_restricted_lists")}
    assert partial == {"zte", "smic"}  # the sources name some lists, not all: no answer
    for pid in listed:
        assert registry.cites[registry.get(pid).fact("vendor_on_restricted_lists").source_id] \
            == "us_entity_list"
    assert {pid for pid, p in registry.partners.items()
            if p.fact("vendor_hr_listing")} == {"hikvision"}
    assert registry.get("hikvision").fact("vendor_hr_listing").as_of == "9 October 2019"
    volatile = {pid for pid, p in registry.partners.items()
                if p.fact("home_regulatory_volatility")}
    assert volatile == {"jd_com", "alibaba", "tencent", "suning_com", "baidu", "netease"}
    alibaba = " ".join(n.text for n in registry.get("alibaba").notes)
    assert "Ant Group" in alibaba and "Shanghai and Hong Kong" in alibaba


def test_prefill_gives_answer_source_and_date(rulebase):
    prefill = rulebase.partners.prefill("huawei")
    assert prefill["partner_name"][0] == "Huawei"
    answer, source, as_of = prefill["vendor_ownership"]
    assert answer == "private" and "None of these are state-owned" in source and as_of == "2021"
    assert "Art. 7" in prefill["home_law_compels"][1]
    fact = rulebase.partners.get("huawei").fact("home_law_compels")
    assert rulebase.partners.cites[fact.source_id] == "cn_intelligence_law"
    assert rulebase.sources["cn_intelligence_law"].title.startswith("National Intelligence Law")
    assert rulebase.partners.prefill("no_such_company") == {}


def test_facts_show_their_age_past_the_configured_years(rulebase):
    import datetime as dt

    registry = rulebase.partners
    assert registry.stale_after_years == 2
    assert registry.is_stale("2021", dt.date(2022, 6, 1)) is None
    assert registry.is_stale("2021", dt.date(2023, 1, 1)) == 2
    assert registry.is_stale("12 March 2021", dt.date(2026, 12, 1)) == 5
    assert registry.is_stale("no date", dt.date(2026, 12, 1)) is None


BROKEN_PARTNERS = """
list_source: {source: brief-table, as_of: "2021"}
registry_stale_after_years: soon
sources:
  brief-table: {cites: brief, text: The brief's table.}
  brief-other: {cites: brefi, text: Another part.}
partners:
  - id: acme
    name: Acme
    sector: network
    facts:
      - {question: vendor_hom, answer: china, source: brief-table, as_of: "2021"}
      - {question: vendor_ownership, answer: privat, source: brief-tabel, as_of: "2021"}
      - {question: vendor_on_restricted_lists, answer: [entity_lst], source: brief-table}
      - {question: home_law_compels, answer: yes, source: brief-table, as_of: "2018"}
  - id: Bad Id
    name: Bad
    sector: devices
"""


def test_a_broken_registry_is_reported_by_file_partner_and_field(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    (target / "partners.yaml").write_text(BROKEN_PARTNERS)
    with pytest.raises(RuleBaseError) as caught:
        load_rulebase(target)
    found = {(p.file, p.id, p.field): p.message for p in caught.value.problems}
    assert 'did you mean "networks"' in found[("partners.yaml", "acme", "sector")]
    assert 'did you mean "vendor_home"' in found[("partners.yaml", "acme", "facts[0].question")]
    assert 'did you mean "private"' in found[("partners.yaml", "acme", "facts[1].answer")]
    assert 'did you mean "brief-table"' in found[("partners.yaml", "acme", "facts[1].source")]
    assert "entity_lst" in found[("partners.yaml", "acme", "facts[2].answer")]
    assert "as-of" in found[("partners.yaml", "acme", "facts[2].as_of")]
    assert ("partners.yaml", "Bad Id", "id") in found
    assert 'did you mean "brief"' in found[("partners.yaml", "", "sources.brief-other.cites")]
    assert "whole number" in found[("partners.yaml", "", "registry_stale_after_years")]
    # a bare yes is the option "yes", not a boolean
    assert not any(key[2] == "facts[3].answer" for key in found)
    assert str(caught.value).count("partners.yaml: acme: ") >= 5


# --- the wizard ---------------------------------------------------------------------------


def partner_url(assessment_id):
    return f"/assessments/{assessment_id}/step/partner"


def pick(client, assessment_id, partner_id, page=None):
    """Post the partner page with the registry picker's own button, as a browser would."""
    data = {**(page or {}), "action": "prefill", "registry_partner": partner_id}
    return client.post(partner_url(assessment_id), data=data)


def test_partner_page_offers_the_registry_grouped_by_sector(client):
    assessment_id = new_assessment(client)
    page = client.get(partner_url(assessment_id)).text
    assert "Pick the partner from the registry" in page
    assert '<optgroup label="Networks (mobile, fixed, 5G, towers)">' in page
    assert page.count("<optgroup") == 4
    assert len(re.findall(r'<option value="[a-z][a-z_]*"', page)) == 22
    assert "Not in the registry: enter it by hand" in page
    # Enter in a text box submits with the form's first button: that must still be "next"
    form = page[page.index('<form method="post" class="wizard"'):]
    assert re.search(r'<button type="submit" name="action" value="(\w+)"', form).group(1) == "next"
    # other pages have no picker
    assert "registry_partner" not in client.get(
        f"/assessments/{assessment_id}/step/technology").text


def test_picking_a_partner_fills_in_and_marks_the_answers(client, app):
    assessment_id = new_assessment(client)
    response = pick(client, assessment_id, "huawei")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/step/partner")
    saved = stored(app, assessment_id)
    assert saved.partner_id == "huawei"
    assert saved.answers["partner_name"] == "Huawei"
    assert saved.answers["vendor_ownership"] == "private"
    assert saved.answers["vendor_on_restricted_lists"] == [
        "entity_list", "fcc_covered_list", "section_889"]
    assert saved.answers["sector"] == "networks"  # on a later page too
    assert saved.prefilled["home_law_compels"]["as_of"] == "2018"
    assert saved.prefilled["sector"]["partner"] == "Huawei"
    page = client.get(partner_url(assessment_id)).text
    assert "Filled in 6 answers from the registry entry for Huawei" in html.unescape(page)
    assert re.search(r'id="q-vendor_ownership".*?Filled in from the partner registry \(Huawei\)'
                     r".*?None of these are state-owned", page, re.S)
    assert re.search(r'value="private"[^>]*checked|checked[^>]*value="private"', page)
    assert re.search(r'<option value="huawei" selected>', page)
    assert "What else the registry says about Huawei" in page
    technology = client.get(f"/assessments/{assessment_id}/step/technology").text
    assert re.search(r'id="q-sector".*?Filled in from the partner registry \(Huawei\)',
                     technology, re.S)


def test_picking_keeps_the_users_own_answers_and_says_so(client, app):
    assessment_id = new_assessment(client)
    page = {"vendor_ownership": "state_owned", "home_law_compels": "unknown"}
    pick(client, assessment_id, "huawei", page)
    saved = stored(app, assessment_id)
    assert saved.answers["vendor_ownership"] == "state_owned"  # the user's answer stays
    assert "vendor_ownership" not in saved.prefilled
    assert saved.answers["home_law_compels"] == "yes"  # "don't know" gives way to a fact
    message = html.unescape(client.get(partner_url(assessment_id)).text)
    assert "Kept your own answer to “Who owns or controls the vendor”" in message
    # beside the question: what the registry says, and that the answer is not attributed to it
    assert re.search(r'id="q-vendor_ownership".*?registry entry for Huawei says .*?'
                     r"not attribute it to the registry", message, re.S)


def test_picking_another_partner_replaces_the_first_ones_answers(client, app):
    assessment_id = new_assessment(client)
    pick(client, assessment_id, "huawei")
    page = section_form_data(app.extensions["weighbridge_rules"].bank.section("partner"),
                             stored(app, assessment_id).answers)  # the page as shown
    pick(client, assessment_id, "china_mobile", page)
    saved = stored(app, assessment_id)
    assert saved.partner_id == "china_mobile" and saved.answers["partner_name"] == "China Mobile"
    assert "vendor_ownership" not in saved.answers  # Huawei's fact does not hold for it
    assert "vendor_on_restricted_lists" not in saved.answers
    assert set(saved.prefilled) == {"partner_name", "vendor_home", "home_law_compels", "sector"}
    assert "Cleared 2 answers" in html.unescape(client.get(partner_url(assessment_id)).text)


def answer_cell(report: str, question: str) -> str:
    """The cell beside a question in the report's table of answers."""
    return re.search(r'<th scope="row">' + re.escape(question) + r"</th>\s*<td>(.*?)</td>",
                     report, re.S).group(1)


def walk_from(client, assessment_id, section_id, answers):
    rulebase = client.application.extensions["weighbridge_rules"]
    url = f"/assessments/{assessment_id}/step/{section_id}"
    while "/step/" in url:
        section = rulebase.bank.section(url.rsplit("/", 1)[1])
        response = client.post(url, data=section_form_data(section, answers))
        assert response.status_code == 302, response.text[:1500]
        url = response.headers["Location"]
    return url


def full_answers(app, assessment_id, **changes):
    from .conftest import example_answers

    answers = example_answers("ministry_laptops_own_it.json")
    answers.update(stored(app, assessment_id).answers)
    answers.update(changes)
    return answers


def test_changing_a_prefilled_answer_drops_its_registry_mark_in_the_report(client, app):
    assessment_id = new_assessment(client)
    rulebase = app.extensions["weighbridge_rules"]
    client.post(f"/assessments/{assessment_id}/step/scenario",
                data=section_form_data(rulebase.bank.section("scenario"),
                                       full_answers(app, assessment_id)))
    pick(client, assessment_id, "lenovo")
    answers = full_answers(app, assessment_id, vendor_ownership="state_owned")
    report_url = walk_from(client, assessment_id, "partner", answers)
    saved = stored(app, assessment_id)
    assert saved.answers["vendor_ownership"] == "state_owned"
    assert "vendor_ownership" not in saved.prefilled
    assert "vendor_home" in saved.prefilled and "sector" in saved.prefilled
    report = html.unescape(client.get(report_url).text)
    ownership = answer_cell(report, "Who owns or controls the vendor?")
    assert "Owned or controlled by a state" in ownership
    assert "partner registry" not in ownership
    home = answer_cell(report, "Where is the vendor headquartered and legally controlled?")
    assert "From the partner registry (Lenovo)" in home
    assert "Examples of Large Chinese Digi-Tech Companies" in home and "as of 2021" in home


def test_the_report_names_the_registry_source_of_each_filled_answer(client, app):
    assessment_id = new_assessment(client)
    rulebase = app.extensions["weighbridge_rules"]
    client.post(f"/assessments/{assessment_id}/step/scenario",
                data=section_form_data(rulebase.bank.section("scenario"),
                                       full_answers(app, assessment_id)))
    pick(client, assessment_id, "hikvision")
    report_url = walk_from(client, assessment_id, "partner",
                           full_answers(app, assessment_id, surveillance_capability="no"))
    report = html.unescape(client.get(report_url).text)
    assert "Partner: <strong>Hikvision</strong>" in report
    listing = answer_cell(
        report, "Is the vendor on a sanctions or restricted list because of human-rights abuses?")
    assert "From the partner registry (Hikvision)" in listing
    assert "human-rights violations in Xinjiang" in listing and "as of 9 October 2019" in listing
    assert "Art. 7: all organisations and citizens shall support" in report  # intelligence law


def test_not_in_the_registry_clears_the_marks_and_keeps_the_answers(client, app):
    assessment_id = new_assessment(client)
    pick(client, assessment_id, "tencent")
    page = {"partner_name": "Local Integrator Ltd", "vendor_ownership": "private"}
    response = pick(client, assessment_id, NOT_LISTED, page)
    assert response.headers["Location"].endswith("/step/partner")
    saved = stored(app, assessment_id)
    assert saved.partner_id is None and saved.prefilled == {}
    assert saved.answers["partner_name"] == "Local Integrator Ltd"
    assert saved.answers["home_regulatory_volatility"] == "yes"  # kept, no longer attributed
    shown = html.unescape(client.get(partner_url(assessment_id)).text)
    assert "The partner is entered by hand" in shown and "no longer marked" in shown
    assert "Filled in from the partner registry" not in shown
    assert re.search(rf'<option value="{NOT_LISTED}" selected>', shown)


def test_picking_nothing_asks_to_choose_and_loses_nothing(client, app):
    assessment_id = new_assessment(client)
    response = pick(client, assessment_id, "", {"partner_name": "Typed first"})
    assert response.status_code == 302
    saved = stored(app, assessment_id)
    assert saved.answers["partner_name"] == "Typed first" and saved.partner_id is None
    assert "Choose a company from the list" in html.unescape(
        client.get(partner_url(assessment_id)).text)


def test_the_picker_does_not_trigger_errors_for_the_rest_of_the_page(client, app):
    assessment_id = new_assessment(client)
    response = pick(client, assessment_id, "zte", {"vendor_security_record": "bogus"})
    assert response.status_code == 302
    page = client.get(partner_url(assessment_id)).text
    assert "need attention" not in page and "Please answer" not in page


def test_method_page_lists_the_registry_by_sector_with_sources(client):
    page = html.unescape(client.get("/method").text)
    section = page[page.index('id="registry-h"'):]
    assert "Partner registry" in page
    for names in TABLE.values():
        for name in names:
            assert name in section
    assert section.index("Huawei") < section.index("Lenovo") < section.index("JD.com") \
        < section.index("Will Semiconductor")
    assert "Entity List: Huawei, effective 16 May 2019" in section and "12 March 2021" in section
    assert re.search(r'<a href="#source-us_entity_list">Entity List</a>', section)
    assert 'id="source-cn_intelligence_law"' in page  # the bibliography, on the same page
    assert "Sources of the registry" in section
