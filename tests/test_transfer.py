"""Export and import as a user would: JSON out of the web app and the CLI, back in through both,
byte-identical round trips; bad files refused whole with every path at fault and nothing
stored; files from older rules import with what no longer applies listed; the action list as
CSV with formula injection neutralised."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from webapp.actions_csv import safe_cell
from webapp.cli import main

from .conftest import EXAMPLES, RULES, example_answers
from .wizard_helpers import new_assessment, walk


def upload(client, data: bytes, name="assessment.json"):
    return client.post("/assessments/import", data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def count(client) -> int:
    return client.get("/").text.count('class="actions"')


@pytest.fixture
def filled(client, app):
    assessment_id = new_assessment(client, "Rural network")
    answers = example_answers("rural_access_network_ldc.json")
    walk(client, assessment_id, answers, {"ldc": "UN list of LDCs, 2024", "m_exit_plan": "x"})
    return assessment_id


def test_export_import_export_is_byte_identical_through_the_web(client, filled):
    first = client.get(f"/assessments/{filled}/export.json")
    assert first.headers["Content-Disposition"].startswith("attachment")
    document = json.loads(first.data)
    assert document["format"] == "weighbridge-assessment" and document["format_version"] == 1
    assert document["evidence"]["ldc"] == "UN list of LDCs, 2024"
    imported = upload(client, first.data)
    assert imported.status_code == 302
    copy = int(re.search(r"/assessments/(\d+)/", imported.headers["Location"]).group(1))
    assert copy != filled
    assert client.get(f"/assessments/{copy}/export.json").data == first.data
    report = client.get(f"/assessments/{copy}/report").text
    assert "UN list of LDCs, 2024" in report


def test_the_cli_and_the_web_read_each_others_files(client, app, filled, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    web_file = tmp_path / "web.json"
    web_file.write_bytes(client.get(f"/assessments/{filled}/export.json").data)
    runner = CliRunner()
    imported = runner.invoke(main, ["--rules", str(RULES), "import", str(web_file)])
    assert imported.exit_code == 0, imported.output
    number = int(imported.stdout.strip())
    exported = runner.invoke(main, ["--rules", str(RULES), "export", str(number),
                                    "-o", str(tmp_path / "cli.json")])
    assert exported.exit_code == 0
    assert (tmp_path / "cli.json").read_bytes() == web_file.read_bytes()
    assessed = runner.invoke(main, ["--rules", str(RULES), "assess", str(tmp_path / "cli.json")])
    assert json.loads(assessed.stdout)["verdict"] == "proceed_with_conditions"
    # An answers file the CLI assesses imports too (the examples carry only title and answers).
    example = runner.invoke(main, ["--rules", str(RULES), "import",
                                   str(EXAMPLES / "police_facial_recognition_not_free.json")])
    assert example.exit_code == 0
    assert "Do not proceed" in client.get(f"/assessments/{int(example.stdout)}/report").text
    missing = runner.invoke(main, ["--rules", str(RULES), "export", "999999"])
    assert missing.exit_code == 2 and "no assessment number 999999" in missing.stderr


BAD = {
    "title": 7, "answers": {"ldc": "maybe", "no_such_question": "yes",
                            "contract_value_meur": "a lot"},
    "evidence": {"ldc": "note\u0000"}, "registry": {"ldc": "not an object"},
    "sections_done": ["scenario", 3], "colour": "blue",
}
BAD_PATHS = ["$.colour", "$.title", "$.answers.ldc", "$.answers.no_such_question",
             "$.answers.contract_value_meur", "$.evidence.ldc", "$.registry.ldc",
             "$.sections_done"]


def test_a_bad_file_is_refused_whole_with_every_path_on_the_web(client, filled):
    before = count(client)
    response = upload(client, json.dumps(BAD).encode())
    assert response.status_code == 422 and "The file was not imported" in response.text
    for path in BAD_PATHS:
        assert f"<code>{path}:" in response.text, path
    assert count(client) == before
    for data, message in [(b"\xff\xfe{", "UTF-16"), (b"[" * 100_000, "nested too deeply"),
                          (b"{not json", "not valid JSON"), (b"[]", "expected an object")]:
        refused = upload(client, data)
        assert refused.status_code == 422 and message in refused.text
    assert "Choose a .json file" in upload(client, b"{}", name="answers.txt").text
    assert count(client) == before


def test_a_bad_file_is_refused_whole_by_the_cli_in_one_line(app, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(BAD), encoding="utf-8")
    result = CliRunner().invoke(main, ["--rules", str(RULES), "import", str(path)])
    assert result.exit_code == 2 and result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"error: {path}: refused, nothing stored: ")
    for bad_path in BAD_PATHS:
        assert f"{bad_path}:" in line


def test_a_file_from_older_rules_imports_with_what_no_longer_applies(client, filled):
    document = json.loads(client.get(f"/assessments/{filled}/export.json").data)
    document["ruleset"] = "0123456789ab"  # made under other rules
    document["answers"]["retired_question"] = "yes"
    document["answers"]["ldc"] = "perhaps"
    document["sections_done"].append("retired_section")
    response = upload(client, json.dumps(document).encode())
    assert response.status_code == 302
    page = client.get(response.headers["Location"], follow_redirects=True).text
    assert "no longer apply under the current rules" in page
    for path in ("$.answers.retired_question", "$.answers.ldc"):
        assert path in page
    assert re.search(r"\$\.sections_done\[\d+\]: no section &#34;retired_section&#34;", page)
    # The same file under the current rules is simply wrong.
    document["ruleset"] = client.application.extensions["weighbridge_rules"].fingerprint
    assert upload(client, json.dumps(document).encode()).status_code == 422


@pytest.mark.parametrize("cell, neutralised", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("-0.125", "-0.125"), ("+0.000", "+0.000"), ("Plain text", "Plain text"),
])
def test_csv_cells_that_could_be_formulas_are_neutralised(cell, neutralised):
    assert safe_cell(cell) == neutralised


def test_the_action_list_lists_conditions_then_findings_safely(client, app):
    assessment_id = new_assessment(client, "=HYPERLINK(\"http://evil.example\",\"x\")")
    walk(client, assessment_id, example_answers("rural_access_network_ldc.json"))
    response = client.get(f"/assessments/{assessment_id}/actions.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["assessment", "type", "number", "text"]
    assert all(row[0].startswith("'=HYPERLINK") for row in body)
    kinds = [row[1] for row in body]
    assert kinds[0] == "condition" and "risk" in kinds and "benefit" in kinds
    assert kinds.index("risk") > max(i for i, k in enumerate(kinds) if k == "condition")
    first = body[0]
    assert "exit plan" in first[3] and first[11] == "open"


def test_imported_answers_reach_the_wizard(client, filled):
    data = client.get(f"/assessments/{filled}/export.json").data
    copy = upload(client, data).headers["Location"]
    number = int(re.search(r"/assessments/(\d+)/", copy).group(1))
    page = client.get(f"/assessments/{number}/step/scenario").text
    assert re.search(r'<input[^>]*checked[^>]*name="ldc"[^>]*value="yes"', page)
    assert "UN list of LDCs, 2024" in page
