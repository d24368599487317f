"""Alternatives side by side in the web app: "Add an alternative" from a report (a copy, or
doing nothing), the compare page with three alternatives, its profile switch and custom
weights, the comparisons list, and the PDF."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from webapp import assessments as service
from webapp.extensions import db
from webapp.models import Assessment, Comparison
from webapp.reports.pdf import pdf_unavailable
from webapp.transfer import read_document

from .conftest import EXAMPLES

needs_pdf = pytest.mark.skipif(pdf_unavailable() is not None,
                               reason=f"WeasyPrint cannot load: {pdf_unavailable()}")


def stored_example(app, example: str, title: str) -> int:
    """An assessment holding an example's answers, stored as an import would."""
    data = json.loads((EXAMPLES / example).read_text())
    data["title"] = title
    with app.app_context():
        rulebase = app.extensions["weighbridge_rules"]
        assessment = service.create_from(read_document(data, rulebase), rulebase,
                                         team_id=1)  # the signed-in tester's team
        db.session.commit()
        return assessment.id


def add(client, assessment_id: int, name: str, start: str = "copy", **fields) -> int:
    response = client.post(f"/assessments/{assessment_id}/alternative",
                           data={"name": name, "start": start, **fields})
    assert response.status_code == 302, response.text
    return int(re.search(r"/assessments/(\d+)/", response.headers["Location"]).group(1))


def set_answers(app, assessment_id: int, answers: dict) -> None:
    """Change some answers of a stored alternative (as the wizard would)."""
    from webapp.store import Change, saving, write

    with app.test_request_context(), saving(assessment_id) as assessment:
        write(assessment, {qid: Change(value) for qid, value in answers.items()})


def three_alternatives(app, client) -> tuple[int, list[int]]:
    """Vendor A (the core network example), Vendor B (an allied vendor, not listed) and
    doing nothing, in one comparison."""
    first = stored_example(app, "core_network_listed_vendor.json", "Core network")
    second = add(client, first, "Vendor B", comparison_name="Core network 2027",
                 original_name="Vendor A")
    set_answers(app, second, {"vendor_home": "allied", "vendor_on_restricted_lists": [],
                              "vendor_allied_restriction": "no",
                              "vendor_designated_high_risk": "no",
                              "vendor_security_record": "verified"})
    third = add(client, first, "Doing nothing", start="nothing")
    with app.app_context():
        comparison_id = db.session.get(Assessment, first).comparison_id
    return comparison_id, [first, second, third]


def test_the_report_offers_add_an_alternative(app, client):
    first = stored_example(app, "rural_access_network_ldc.json", "Rural network")
    page = client.get(f"/assessments/{first}/report").text
    assert f'href="/assessments/{first}/alternative"' in page
    form = client.get(f"/assessments/{first}/alternative").text
    assert "Name of the comparison" in form and "Doing nothing" in form


def test_adding_an_alternative_copies_it_into_a_named_comparison(app, client):
    first = stored_example(app, "rural_access_network_ldc.json", "Rural network")
    second = add(client, first, "Vendor B", comparison_name="Rural 4G",
                 original_name="Vendor A")
    with app.app_context():
        a, b = db.session.get(Assessment, first), db.session.get(Assessment, second)
        assert a.comparison_id == b.comparison_id is not None
        assert (a.alternative_name, b.alternative_name) == ("Vendor A", "Vendor B")
        assert b.answers == a.answers and b.title == "Rural 4G: Vendor B"
        assert db.session.get(Comparison, a.comparison_id).name == "Rural 4G"
    # a second alternative from either sibling joins the same comparison; the form then asks
    # only the new alternative's name
    assert "Name of the comparison" not in client.get(f"/assessments/{second}/alternative").text
    third = add(client, second, "Vendor C")
    with app.app_context():
        assert db.session.get(Assessment, third).comparison_id == a.comparison_id


def test_doing_nothing_prefills_what_the_bank_allows(app, client):
    first = stored_example(app, "core_network_listed_vendor.json", "Core network")
    response = client.post(f"/assessments/{first}/alternative",
                           data={"name": "Doing nothing", "start": "nothing"},
                           follow_redirects=True)
    assert "answer the partner section" in response.text
    with app.app_context():
        nothing = db.session.scalars(db.select(Assessment).where(
            Assessment.alternative_name == "Doing nothing")).one()
        answers = nothing.answers
    assert answers["remote_access"] == "none" and answers["data_kinds"] == []
    assert answers["vendor_share_pct"] == 0
    assert answers["partner_name"] == "Nothing bought (doing nothing)"
    assert "vendor_home" not in answers and "vendor_on_restricted_lists" not in answers


def test_an_alternative_needs_a_name_and_at_most_five(app, client):
    first = stored_example(app, "rural_access_network_ldc.json", "Rural network")
    response = client.post(f"/assessments/{first}/alternative", data={"name": " ",
                                                                      "start": "copy"})
    assert response.status_code == 422 and "Name the new alternative." in response.text
    assert client.post(f"/assessments/{first}/alternative",
                       data={"name": "X", "start": "maybe"}).status_code == 422
    for name in ("B", "C", "D", "E"):
        add(client, first, name)
    full = client.post(f"/assessments/{first}/alternative", data={"name": "F",
                                                                   "start": "copy"})
    assert full.status_code == 422 and "already holds 5 alternatives" in full.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Assessment.id))) == 5
    assert client.get("/assessments/999/alternative").status_code == 404


def test_compare_page_with_three_alternatives(app, client):
    comparison_id, ids = three_alternatives(app, client)
    response = client.get(f"/comparisons/{comparison_id}")
    assert response.status_code == 200
    page = response.text
    assert "<h1>Core network 2027</h1>" in page
    ranking = re.search(r'<ol class="ranking-list">(.*?)</ol>', page, re.S).group(1)
    names = re.findall(r"<strong>(.*?)</strong>", ranking)
    assert sorted(names) == ["Doing nothing", "Vendor A", "Vendor B"]
    # Vendor A is the listed, high-risk vendor in the core: it ranks last
    assert names[-1] == "Vendor A"
    for assessment_id in ids:
        assert f'href="/assessments/{assessment_id}/report' in page
    assert "Findings that differ" in page and "Answers that differ" in page
    assert "Where is the vendor headquartered" in page  # an answer that differs
    assert "Conditions each would need" in page
    assert page.count('class="verdict-inline') >= 6
    assert "<svg" in page and "compare-chart" in page
    assert 'url(#alt-hatch)' in page  # patterns, not colour alone
    assert "Vendor A +" in page or "Vendor A −" in page or "Vendor A 0" in page


def test_the_profile_switch_and_custom_weights_reweigh_every_alternative(app, client):
    comparison_id, _ = three_alternatives(app, client)
    security = client.get(f"/comparisons/{comparison_id}?profile=security_led").text
    assert "Ranking under the Security-led profile" in security
    custom = client.get(f"/comparisons/{comparison_id}?w_digital_security=10").text
    assert "Ranking under custom weights" in custom
    bad = client.get(f"/comparisons/{comparison_id}?profile=nonsense&w_rights=-3")
    assert bad.status_code == 400 and "There is no such weight profile" in bad.text


def test_a_ranking_that_is_not_robust_says_why(app, client):
    first = stored_example(app, "rural_access_network_ldc.json", "Rural")
    second = add(client, first, "Same again")
    page = client.get(f"/comparisons/{_comparison_of(app, first)}").text
    assert "The ranking is not robust" in page and "tie" in page
    assert second


def _comparison_of(app, assessment_id: int) -> int:
    with app.app_context():
        return db.session.get(Assessment, assessment_id).comparison_id


def test_comparisons_list_and_missing_ones(app, client):
    comparison_id, _ = three_alternatives(app, client)
    assert 'href="/comparisons"' in client.get("/").text
    listing = client.get("/comparisons").text
    assert f'href="/comparisons/{comparison_id}"' in listing and "Core network 2027" in listing
    assert client.get("/comparisons/12345").status_code == 404
    assert client.get("/comparisons/99999999999").status_code == 404


def test_an_alternative_in_the_trash_leaves_the_comparison(app, client):
    first = stored_example(app, "rural_access_network_ldc.json", "Rural")
    second = add(client, first, "Vendor B")
    client.post(f"/assessments/{second}/delete")
    page = client.get(f"/comparisons/{_comparison_of(app, first)}").text
    assert "A comparison needs at least two alternatives" in page


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "comparison.pdf"
    path.write_bytes(data)
    try:
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
    except FileNotFoundError:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")


@needs_pdf
def test_the_comparison_pdf_opens_with_the_names(app, client, tmp_path):
    comparison_id, _ = three_alternatives(app, client)
    page = client.get(f"/comparisons/{comparison_id}").text
    assert f'href="/comparisons/{comparison_id}.pdf"' in page
    response = client.get(f"/comparisons/{comparison_id}.pdf?profile=rights_led")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "weighbridge-comparison-" in response.headers["Content-Disposition"]
    text = " ".join(pdf_text(response.data, tmp_path).split())
    for name in ("Core network 2027", "Vendor A", "Vendor B", "Doing nothing",
                 "Ranking under the Rights-led profile", f"Comparison {comparison_id}"):
        assert name in text, name


STRAY_ARGUMENTS = ("key=x", "assessment_id=5", "comparison_id=7", "appendices=1",
                   "_method=POST", "_external=1", "_anchor=top", "_scheme=ftp")


def test_stray_query_arguments_are_not_carried_into_links(app, client):
    """A query argument the page does not take, even one named like a link's own (which made
    url_for fail: a 500) or one url_for reads (absolute links, another scheme), is left out of
    the links; the weights asked for are carried on."""
    comparison_id, ids = three_alternatives(app, client)
    pages = [f"/assessments/{ids[0]}/report", f"/comparisons/{comparison_id}"]
    for path in pages:
        for stray in STRAY_ARGUMENTS:
            response = client.get(f"{path}?w_rights=7&{stray}")
            assert response.status_code == 200, (path, stray)
            hrefs = re.findall(r'href="([^"]*)"', response.text)
            carried = [h for h in hrefs if "w_rights=7" in h]
            assert carried, (path, stray)  # the weights go on in its links
            assert not any(stray in h for h in carried), (path, stray, carried)
            assert not any(h.endswith("#top") for h in carried), (path, stray)
            assert not any(h.startswith(("http:", "https:", "ftp:")) for h in hrefs
                           if "/assessments/" in h or "/comparisons/" in h), (path, stray)
    report = client.get(pages[0] + "?w_rights=7&key=x").text
    adopt = re.search(r'class="button small" href="([^"]*/actions/adopt[^"]*)"', report)
    assert adopt and "key=x" not in adopt.group(1) and "w_rights=7" in adopt.group(1)
    back = client.get(adopt.group(1).replace("&amp;", "&") + "&assessment_id=5")
    assert back.status_code == 200
    assert re.search(r'href="/assessments/\d+/report\?w_rights=7#conditions-h"', back.text)
