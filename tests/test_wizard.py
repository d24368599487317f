"""The questionnaire and report through the Flask test client, as a user would use them."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from webapp.app import _instance_secret

from .conftest import example_answers, make_app
from .wizard_helpers import new_assessment, section_form_data, stored, walk


def test_whole_wizard_to_the_report(client, app):
    answers = example_answers("rural_access_network_ldc.json")
    assessment_id = new_assessment(client)
    seen, url = walk(client, assessment_id, answers,
                     evidence={"ldc": "UN list of LDCs, 2024 edition"})
    sections = [s for s, _ in seen]
    assert "development" in sections and "surveillance" not in sections
    # "Step k of n": k counts up; n settles once the answers say which sections apply
    assert [int(k) for _, (k, n) in seen] == list(range(1, len(seen) + 1))
    assert seen[-1][1] == (str(len(seen)), str(len(seen)))
    assert url.endswith(f"/assessments/{assessment_id}/report")
    saved = stored(app, assessment_id)
    assert saved.answers["ldc"] == "yes" and saved.answers["public_service_gains"] == [
        "health", "education", "financial_inclusion"]
    report = client.get(url)
    assert report.status_code == 200
    assert "Verdict:" in report.text
    assert "DEV-HIGH-NEED-LDC" in report.text  # a finding, linked to its rule
    assert "high need in a least-developed" in report.text
    assert "UN list of LDCs, 2024 edition" in report.text  # evidence prints with the answers
    assert "<svg" in report.text and "Method note" in report.text


def test_report_verdict_matches_the_engine(client, app):
    from webapp.engine import assess

    answers = example_answers("police_facial_recognition_not_free.json")
    assessment_id = new_assessment(client, "Cameras")
    walk(client, assessment_id, answers)
    result = assess(app.extensions["weighbridge_rules"], answers)
    page = client.get(f"/assessments/{assessment_id}/report").text
    assert f'<span class="verdict">{result.verdict.label}</span>' in page
    assert "Red line" in page or "red line" in page


def test_validation_error_beside_the_field_and_nothing_lost(client, app):
    assessment_id = new_assessment(client)
    url = f"/assessments/{assessment_id}/step/scenario"
    first = {"organisation_type": "ministry", "decision_kind": "procurement",
             "deployment_location": "home", "ldc": "no", "eu_eea_member": "yes",
             "nato_member": "yes",
             "freedom_status": "free", "contract_value_meur": "12", "us_federal_funds": "no"}
    assert client.post(url, data={**first, "action": "next"}).status_code == 302
    # Come back, change two answers, leave one out and type a bad number.
    bad = {**first, "decision_kind": "financing", "contract_value_meur": "twelve"}
    del bad["nato_member"]
    page = client.post(url, data={**bad, "action": "next"})
    assert page.status_code == 422
    html = page.text
    assert re.search(r'id="q-contract_value_meur".*?(&#34;|")twelve(&#34;|") is not a number',
                     html, re.S)
    assert re.search(r'id="q-nato_member".*?Please answer this question', html, re.S)
    assert 'value="twelve"' in html  # the bad value is shown back for correction
    assert re.search(r'value="financing"[^>]*checked|checked[^>]*value="financing"', html)
    saved = stored(app, assessment_id)
    assert saved.answers["nato_member"] == "yes"  # earlier answer kept in the database
    assert saved.answers["contract_value_meur"] == 12


def test_back_saves_the_page_and_returns(client, app):
    assessment_id = new_assessment(client)
    answers = example_answers("ministry_laptops_own_it.json")
    rulebase = app.extensions["weighbridge_rules"]
    url = f"/assessments/{assessment_id}/step/scenario"
    client.post(url, data=section_form_data(rulebase.bank.section("scenario"), answers))
    partner = {"vendor_home": "china", "vendor_ownership": "private"}
    response = client.post(f"/assessments/{assessment_id}/step/partner",
                           data={**partner, "action": "back"})
    assert response.headers["Location"].endswith("/step/scenario")
    saved = stored(app, assessment_id)
    assert saved.answers["vendor_home"] == "china"
    page = client.get(f"/assessments/{assessment_id}/step/partner").text
    assert re.search(r'value="china"[^>]*checked|checked[^>]*value="china"', page)


def test_leave_and_resume_from_the_list(client, app):
    assessment_id = new_assessment(client, "Resume me")
    rulebase = app.extensions["weighbridge_rules"]
    answers = example_answers("ministry_laptops_own_it.json")
    client.post(f"/assessments/{assessment_id}/step/scenario",
                data=section_form_data(rulebase.bank.section("scenario"), answers))
    response = client.post(f"/assessments/{assessment_id}/step/partner",
                           data=section_form_data(rulebase.bank.section("partner"), answers,
                                                  action="save"))
    assert response.headers["Location"].endswith("/")
    listing = client.get("/").text
    assert "Resume me" in listing and "2 of" in listing
    resumed = client.get(f"/assessments/{assessment_id}/")
    assert resumed.headers["Location"].endswith("/step/technology")


def test_hidden_question_stale_answer_is_ignored(client, app):
    """A peer tool counted stale answers of questions hidden by show_if; we must not."""
    from webapp.engine import assess

    rulebase = app.extensions["weighbridge_rules"]
    answers = example_answers("ministry_laptops_own_it.json")
    assessment_id = new_assessment(client, "Platform then devices")
    platform = {**answers, "sector": "platforms_apps", "platform_profiles_users": "yes",
                "platform_state_scoring": "yes"}
    walk(client, assessment_id, platform)
    with_platform = assess(rulebase, stored(app, assessment_id).answers)
    assert any(f.rule == "HR-PLATFORM-STATE-SCORING" for f in with_platform.findings)
    # Change the sector back to devices; without script the platform questions still post.
    technology = section_form_data(rulebase.bank.section("technology"), platform)
    technology["sector"] = "devices"
    technology.pop("platform_profiles_users", None)
    client.post(f"/assessments/{assessment_id}/step/technology", data=technology)
    data_page = section_form_data(rulebase.bank.section("data_access"), platform)
    response = client.post(f"/assessments/{assessment_id}/step/data_access", data=data_page)
    assert response.status_code == 302  # no answer is required for questions that do not apply
    saved = stored(app, assessment_id)
    assert saved.answers["platform_state_scoring"] == "yes"  # kept, in case it applies again
    result = assess(rulebase, saved.answers)
    assert "platform_state_scoring" in result.ignored_answers
    assert not any(f.rule.startswith("HR-PLATFORM") for f in result.findings)
    report = client.get(f"/assessments/{assessment_id}/report").text
    assert "Not applicable given the other answers: ignored." in report


def test_applicable_question_cannot_be_skipped_but_hidden_one_can(client, app):
    rulebase = app.extensions["weighbridge_rules"]
    answers = {**example_answers("ministry_laptops_own_it.json"), "sector": "platforms_apps"}
    assessment_id = new_assessment(client)
    walk(client, assessment_id, {k: v for k, v in answers.items()
                                 if not k.startswith("platform_")} | {
        "platform_profiles_users": "no", "platform_state_scoring": "unknown"})
    data = section_form_data(rulebase.bank.section("data_access"), answers)
    page = client.post(f"/assessments/{assessment_id}/step/data_access", data=data)
    assert page.status_code == 422 and "platform_state_scoring" in page.text


def test_sections_that_do_not_apply_are_skipped(client, app):
    rulebase = app.extensions["weighbridge_rules"]
    answers = example_answers("police_facial_recognition_not_free.json")
    assessment_id = new_assessment(client)
    seen, _ = walk(client, assessment_id, answers)
    assert [s for s, _ in seen] == [s.id for s in rulebase.bank.sections]  # all eight apply
    laptops = example_answers("ministry_laptops_own_it.json")
    other = new_assessment(client)
    seen, _ = walk(client, other, laptops)
    assert "surveillance" not in [s for s, _ in seen]
    assert seen[-1][1][0] == seen[-1][1][1] == str(len(rulebase.bank.sections) - 2)


def test_report_switches_profile_and_takes_custom_weights(client, app):
    assessment_id = new_assessment(client)
    walk(client, assessment_id, example_answers("rural_access_network_ldc.json"))
    url = f"/assessments/{assessment_id}/report"
    balanced = client.get(url).text
    development = client.get(url + "?profile=development_led").text
    custom = client.get(url + "?profile=balanced&w_development=0&w_digital_security=4").text
    balance = lambda html: re.search(r"Balance <strong>([^<]+)</strong>", html).group(1)  # noqa: E731
    assert len({balance(balanced), balance(development), balance(custom)}) == 3
    assert "Development-led" in development
    assert "Custom weights" in custom
    bad = client.get(url + "?w_rights=-2")
    assert bad.status_code == 400 and "A weight from 0 to 100." in bad.text


def test_csrf_protects_forms(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    assert client.post("/assessments/new", data={"title": "No token"}).status_code == 400
    page = client.get("/assessments/new").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/assessments/new", data={"title": "With token", "csrf_token": token})
    assert response.status_code == 302


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path):
    key = _instance_secret(tmp_path)
    assert len(key) == 64 and (tmp_path / "secret_key").read_text() == key
    assert _instance_secret(tmp_path) == key


def test_print_stylesheet_and_no_inline_script(client):
    assessment_id = new_assessment(client)
    page = client.get(f"/assessments/{assessment_id}/report").text
    assert 'media="print"' in page
    assert "<script>" not in page and "onclick" not in page
    css = client.get("/static/print.css").text
    assert "@page" in css and "A4" in css and "break-inside: avoid" in css


@pytest.mark.parametrize("url", ["/", "/assessments/new", "/method", "/method?concern=rights",
                                 "/method?q=GP18"])
def test_pages_render(client, url):
    assert client.get(url).status_code == 200


def test_method_page_filters_and_searches(client):
    rights = client.get("/method?concern=rights").text
    assert 'id="rule-HR-' in rights and 'id="rule-SEC-' not in rights
    search = client.get("/method?q=GP18").text
    assert "GP18" in search
    assert search.count('class="rule ') < rights.count('class="rule ') + 200


def test_report_shows_the_decision_analysis(client, app):
    """Interval, robustness, evidence gaps, sensitivity and what would change, in words."""
    rulebase = app.extensions["weighbridge_rules"]
    answers = example_answers("rural_access_network_ldc.json")
    for qid in ("connectivity_need", "remote_access", "data_location"):
        answers[qid] = "unknown"
    assessment_id = new_assessment(client, "Unknowns")
    walk(client, assessment_id, answers)
    page = client.get(f"/assessments/{assessment_id}/report").text
    from webapp.engine import assess

    result = assess(rulebase, answers)
    low, high = result.interval
    assert "with the unknown answers it lies between" in page
    assert f"{low:+.2f}".replace("-", "−") in page and f"{high:+.2f}".replace("-", "−") in page
    assert "Find out first" in page
    top_gap = result.analysis.evidence_gaps[0]
    assert rulebase.bank.questions[top_gap.question].text in page
    assert "How much the weights matter" in page and "sens-chart" in page
    for profile in rulebase.profiles.values():
        assert profile.name in page
    assert "What would change the verdict" in page
    if not result.robust:
        assert "Not robust:" in page and "the unknown answers could still make it" in page
    else:
        assert "whatever the unknown answers turn out to be" in page


def test_report_lists_mitigations_that_would_change_the_verdict(client, app):
    from webapp.engine import assess

    rulebase = app.extensions["weighbridge_rules"]
    answers = example_answers("rural_access_network_ldc.json")
    answers.update({"vendor_security_record": "deficiencies", "remote_access": "abroad",
                    "m_segmentation": "no", "m_network_monitoring": "no",
                    "m_security_requirements": "no", "vendor_share_pct": 80,
                    "data_location": "vendor_home", "update_control": "vendor_automatic"})
    result = assess(rulebase, answers)
    assessment_id = new_assessment(client, "Weak safeguards")
    walk(client, assessment_id, answers)
    page = client.get(f"/assessments/{assessment_id}/report").text
    changes = result.analysis.what_would_change
    assert result.verdict.id == "escalate" and changes  # security saturates: escalated alone
    for change in changes:
        for rule_id in change.mitigations:
            assert str(escape(rulebase.rules_by_id[rule_id].title)) in page
    for change in changes:
        assert f"{change.verdict.label}</span> (balance" in page
