"""Parts of pages kept between requests (question blocks, the list's rows and filters, the
section list, the header) never show another assessment's, an earlier state's or another
session's content."""

from __future__ import annotations

import re

from .accounts_support import csrf_of, log_in
from .conftest import example_answers, make_app
from .wizard_helpers import new_assessment, section_form_data


def chosen(page: str, name: str) -> list[str]:
    """The values of the checked inputs named ``name`` (attributes are written sorted)."""
    return re.findall(rf'<input[^>]*checked[^>]*name="{name}"[^>]*value="([^"]*)"', page)


def save(client, assessment_id, section, answers, evidence=None):
    response = client.post(f"/assessments/{assessment_id}/step/{section.id}",
                           data=section_form_data(section, answers, evidence, action="back"))
    assert response.status_code == 302, response.text[:500]


def test_each_assessment_and_each_save_shows_its_own_answers(client):
    section = client.application.extensions["weighbridge_rules"].bank.find_section("scenario")
    first, second = new_assessment(client, "First"), new_assessment(client, "Second")
    url = "/assessments/{}/step/scenario"
    assert chosen(client.get(url.format(first)).text, "ldc") == []
    save(client, first, section, {"ldc": "yes"}, {"ldc": "UN list"})
    save(client, second, section, {"ldc": "no"})
    page_one, page_two = client.get(url.format(first)).text, client.get(url.format(second)).text
    assert chosen(page_one, "ldc") == ["yes"] and chosen(page_two, "ldc") == ["no"]
    assert "UN list" in page_one and "UN list" not in page_two
    save(client, first, section, {"ldc": "no"}, {"ldc": ""})
    again = client.get(url.format(first)).text
    assert chosen(again, "ldc") == ["no"] and "UN list" not in again
    assert f'href="/assessments/{first}/step/partner"' in again  # its own links, not another's
    assert f"/assessments/{second}/" not in again


def test_the_section_list_follows_what_is_done(client):
    section = client.application.extensions["weighbridge_rules"].bank.find_section("scenario")
    assessment = new_assessment(client)
    before = client.get(f"/assessments/{assessment}/step/partner").text
    assert '<li class="todo">' in before and '<li class="done">' not in before
    answers = example_answers("rural_access_network_ldc.json")
    response = client.post(f"/assessments/{assessment}/step/scenario",
                           data=section_form_data(section, answers))
    assert response.status_code == 302, response.text[:300]
    after = client.get(f"/assessments/{assessment}/step/partner").text
    assert '<li class="done">' in after


def test_list_rows_follow_renames_and_carry_the_sessions_token(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client(user=None)
    log_in(client, "tester")
    token = csrf_of(client.get("/assessments/new").text)
    created = client.post("/assessments/new", data={"title": "Cameras", "csrf_token": token})
    assessment = int(re.search(r"/assessments/(\d+)/", created.headers["Location"]).group(1))
    listing = client.get("/").text
    assert "Cameras" in listing
    tokens = set(re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', listing))
    assert tokens == {token}
    client.post(f"/assessments/{assessment}/edit",
                data={"title": "Street cameras", "assessor": "", "summary": "",
                      "csrf_token": token})
    listing = client.get("/").text
    assert "Street cameras" in listing and ">Cameras<" not in listing

    other = app.test_client(user=None)  # another session sees the row with its own token
    log_in(other, "tester")
    theirs = set(re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"',
                            other.get("/").text))
    assert len(theirs) == 1 and theirs != tokens
    duplicated = other.post(f"/assessments/{assessment}/duplicate",
                            data={"csrf_token": theirs.pop()})
    assert duplicated.status_code == 302


def test_report_tools_and_answers_appendix_follow_the_query_and_the_answers(client):
    """The report's kept tools show the weights typed in and the assessment's own links; its
    kept answers appendix follows a changed answer and evidence note."""
    bank = client.application.extensions["weighbridge_rules"].bank
    section = bank.find_section("scenario")
    first, second = new_assessment(client, "First"), new_assessment(client, "Second")
    save(client, first, section, {"ldc": "yes"}, {"ldc": "UN list of 2024"})
    report = "/assessments/{}/report{}"
    typed = client.get(report.format(first, "?w_rights=40")).text
    assert re.search(r'name="w_rights"[^>]*value="40"', typed)
    other = client.get(report.format(first, "?w_rights=55")).text
    assert re.search(r'name="w_rights"[^>]*value="55"', other)
    assert not re.search(r'name="w_rights"[^>]*value="40"', other)
    links = re.findall(r'href="([^"]*(?:report\.pdf|actions\.csv)[^"]*)"', other)
    assert len(links) == 3 and all("w_rights=55" in link for link in links), links
    assert "w_rights=40" not in other
    assert re.search(r'href="[^"]*report\.pdf\?appendices=0&amp;w_rights=55"', other)
    plain = client.get(report.format(first, "")).text  # no query: links carry none
    assert f'href="/assessments/{first}/report.pdf"' in plain and "w_rights=" not in plain
    for wrong in ("abc", "xyz"):  # the same weights shown, each with its own typed text
        page = client.get(report.format(first, f"?w_rights={wrong}")).text
        assert re.search(rf'name="w_rights"[^>]*value="{wrong}"', page)
    mine = client.get(report.format(second, "?w_rights=40")).text
    assert f"/assessments/{second}/report.pdf" in mine
    assert f"/assessments/{first}/" not in mine
    assert "UN list of 2024" in typed and "UN list of 2024" not in mine
    save(client, first, section, {"ldc": "no"}, {"ldc": "Checked again"})
    changed = client.get(report.format(first, "?w_rights=40")).text
    assert "Checked again" in changed and "UN list of 2024" not in changed


FINDING_ROW = re.compile(r'<tr class="effect-(\w+) status-(\w+)">.*?<a href="#finding-([\w.-]+)">'
                         r'.*?<td class="num">([^<]+)</td>', re.S)


def test_the_findings_table_shows_each_views_own_contributions_and_statuses(client):
    """A finding's kept row carries the contribution of the weights viewed and its own status
    in each assessment (a finding possible in one has fired in the other)."""
    from webapp.engine import assess
    from webapp.filters import signed

    from .wizard_helpers import walk

    app = client.application
    rulebase = app.extensions["weighbridge_rules"]
    known = example_answers("core_network_listed_vendor.json")
    questions = rulebase.bank.questions
    unknowable = [q for q in known if q in questions and questions[q].unknown
                  and q not in rulebase.controllers][:6]
    unsure = {**known, **{q: "unknown" for q in unknowable}}
    ids = {"known": new_assessment(client, "Known"), "unsure": new_assessment(client, "Unsure")}
    walk(client, ids["known"], known)
    walk(client, ids["unsure"], unsure)
    statuses = set()
    for name, answers in (("known", known), ("unsure", unsure)):
        for query, weights in (("", None), ("?w_open_economy=3&w_rights=0.5",
                                            {**rulebase.profiles["balanced"].weights,
                                             "open_economy": 3, "rights": 0.5})):
            page = client.get(f"/assessments/{ids[name]}/report{query}").text
            table = page.split('class="numbers findings-table"')[1].split("</table>")[0]
            shown = {rule: (effect, status, value)
                     for effect, status, rule, value in FINDING_ROW.findall(table)}
            result = assess(rulebase, answers, weights=weights)
            counted = {f.rule: f for f in result.findings if f.status != "not_counted"}
            assert shown and set(shown) <= set(counted)
            for rule, (effect, status, value) in shown.items():
                finding = counted[rule]
                assert (effect, status) == (finding.effect, finding.status), rule
                assert value == signed(finding.weighted, 3), (name, query, rule)
                statuses.add(status)
    assert {"fired", "possible"} <= statuses  # both kinds were shown
