"""Bad input gets a clear 4xx page in the site's layout, never a 500, and nothing is lost;
the command line answers bad files with exit 2 and one line."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import example_answers, make_app
from .wizard_helpers import new_assessment, section_form_data, stored, walk

WAY_BACK = "Your assessments"


@pytest.fixture
def filled(client, app):
    assessment_id = new_assessment(client)
    walk(client, assessment_id, example_answers("rural_access_network_ldc.json"))
    return assessment_id


@pytest.mark.parametrize("query, message", [
    ("profile=bogus", "There is no such weight profile; the balanced one is shown."),
    ("w_open_economy=sNaN", "A weight from 0 to 100."),
    ("w_open_economy=NaN", "A weight from 0 to 100."),
    ("w_open_economy=-Infinity", "A weight from 0 to 100."),
    ("w_rights=1e999999", "A weight from 0 to 100."),
    ("w_rights=abc", "Not a valid decimal value."),
])
def test_bad_report_options_give_the_report_with_the_error(client, filled, query, message):
    response = client.get(f"/assessments/{filled}/report?{query}")
    assert response.status_code == 400
    assert message in response.text
    # The report is still there, with the balanced profile's weights.
    assert "Balance <strong>" in response.text
    assert '<option selected value="balanced">' in response.text


@pytest.mark.parametrize("url", [
    "/assessments/99999999999999999999/",
    "/assessments/2147483648/report",
    "/assessments/0/",
    "/assessments/12345/step/scenario",
    "/no/such/page",
])
def test_missing_pages_are_styled_404s_with_the_way_back(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Not Found" in response.text and WAY_BACK in response.text
    assert 'href="/static/style.css' in response.text
    assert "Back to this assessment" not in response.text


def test_unknown_section_of_a_real_assessment_links_back_to_it(client, filled):
    response = client.get(f"/assessments/{filled}/step/no_such_section")
    assert response.status_code == 404
    assert f'href="/assessments/{filled}/"' in response.text


def test_title_with_nul_is_refused_and_nothing_is_stored(client, app):
    response = client.post("/assessments/new", data={"title": "Cameras\x00 for the city"})
    assert response.status_code == 422
    assert "control character U+0000" in response.text
    assert "Cameras" in response.text  # the form keeps what was typed, minus nothing else
    assert client.get("/").text.count("/report") == 0


def test_nul_or_overlong_text_in_a_step_keeps_every_stored_answer(client, app, filled):
    rulebase = app.extensions["weighbridge_rules"]
    section = rulebase.bank.section("scenario")
    before = stored(app, filled).answers
    answers = dict(before, scenario_summary="Summary\x00with NUL")
    data = section_form_data(section, answers, {"ldc": "x" * 2001})
    response = client.post(f"/assessments/{filled}/step/scenario", data=data)
    assert response.status_code == 422
    assert "control character U+0000" in response.text
    assert "The evidence note: This text is 2,001 characters long" in response.text
    assert stored(app, filled).answers == before


def test_forged_conflict_resolution_is_a_400_with_a_message(client, filled):
    data = {"keep__ldc": "mine", "mine__ldc": "[" * 5000, "version__ldc": "1"}
    response = client.post(f"/assessments/{filled}/step/scenario/resolve", data=data)
    assert response.status_code == 400
    assert "not one this page offered" in response.text and WAY_BACK in response.text
    data = {"keep__ldc": "mine", "mine__ldc": '"yes"', "version__ldc": "1",
            "evidence__ldc": "note\x00"}
    response = client.post(f"/assessments/{filled}/step/scenario/resolve", data=data)
    assert response.status_code == 400 and "evidence note" in response.text


def test_too_large_a_post_is_a_styled_413(tmp_path):
    app = make_app(tmp_path, MAX_CONTENT_LENGTH=1024)
    response = app.test_client().post("/assessments/new", data={"title": "x" * 5000})
    assert response.status_code == 413
    assert "larger than this site accepts" in response.text and WAY_BACK in response.text


def test_wrong_method_is_a_styled_405(client):
    response = client.delete("/assessments/new")
    assert response.status_code == 405 and WAY_BACK in response.text


def test_expired_form_says_so(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    response = app.test_client().post("/assessments/new", data={"title": "No token"})
    assert response.status_code == 400
    assert "form had expired" in response.text and WAY_BACK in response.text


def test_a_crash_is_a_styled_500_without_a_traceback(tmp_path):
    app = make_app(tmp_path, TESTING=False)

    def broken():
        raise RuntimeError("secret detail")

    app.add_url_rule("/broken", view_func=broken)
    response = app.test_client().get("/broken")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text and WAY_BACK in response.text
    assert "secret detail" not in response.text and "Traceback" not in response.text


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert 'rel="icon"' in client.get("/").text


def _bad_files(folder):
    answers = '{"answers": {"contract_value_meur": %s}}'
    files = {
        "deep.json": ('{"answers": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        "digits.json": (answers % ("9" * 5000), "a value cannot be read"),
        "digits4000.json": (answers % ("9" * 4000), "expects a number"),
        "infinite.json": (answers % "1e999", "expects a number, not inf"),
        "nan.json": (answers % "NaN", "expects a number, not nan"),
        "nul.json": (json.dumps({"answers": {"scenario_summary": "a\x00b"}}), "U+0000"),
        "long.json": (json.dumps({"answers": {"scenario_summary": "a" * 2001}}),
                      "the limit is 2,000"),
        "not-an-object.json": ("[1, 2]", 'expected an object with "answers"'),
    }
    for name, (text, _) in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "utf16.json").write_text('{"answers": {}}', encoding="utf-16")
    files["utf16.json"] = ("", "save it as UTF-8")
    (folder / "latin1.json").write_bytes('{"answers": {"scenario_summary": "café"}}'
                                         .encode("latin-1"))
    files["latin1.json"] = ("", "not UTF-8 text")
    with open(folder / "big.json", "wb") as handle:  # sparse: 50 MB without writing them
        handle.truncate(50 * 2**20)
    files["big.json"] = ("", "files of at most 5 MB are read")
    return {name: message for name, (_, message) in files.items()}


def test_cli_refuses_bad_files_with_exit_2_and_one_line(tmp_path):
    for name, message in _bad_files(tmp_path).items():
        run = subprocess.run([sys.executable, "-m", "webapp.cli", "assess", str(tmp_path / name)],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 2, (name, run.stderr[-500:])
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (name, run.stderr[-500:])
        assert message in lines[0], (name, lines[0])
        assert run.stdout == ""
