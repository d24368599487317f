"""Question types are a registry: a sixth type (date) added in one module, one template and one
JavaScript function works in conditions, the CLI, the wizard and the report. The fixture rule
base tests/fixtures/dated has every type, a date read by rules and by a show_if."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from webapp.cli import main
from webapp.engine import RuleBaseError, Verdict, assess, load_rulebase
from webapp.engine.compiling.evaluate import compile_condition
from webapp.engine.core.problems import ProblemList
from webapp.engine.loading.conditions import ConditionParser
from webapp.engine.qtypes import registry

from .conftest import DATED, make_app

DATED_RULES = load_rulebase(DATED)
COMPLETE = {"summary": "A maintenance contract.", "signed_on": "2019-05-01",
            "renewal_on": "2025-06-01", "vendor": "acme", "audited": "no", "share": 60,
            "checks": ["tests"]}


def test_every_type_is_registered_and_has_its_widget():
    from webapp.engine.qtypes.base import QuestionType

    assert set(registry) == {"choice", "yesno", "multi", "number", "text", "date"}
    root = DATED.parent.parent.parent / "webapp"
    script = (root / "static" / "conditions.js").read_text(encoding="utf-8")
    for type_id, qtype in registry.items():
        assert isinstance(qtype, QuestionType)
        assert (root / "templates" / qtype.template).is_file(), qtype.template
        assert f'registerType("{type_id}"' in script


def truth(data, answers):
    problems = ProblemList("test.yaml")
    node = ConditionParser(DATED_RULES.bank.questions, problems, "T").parse(data, "when")
    assert not problems, [str(p) for p in problems.items]
    return compile_condition(node)(DATED_RULES.resolver.resolve(answers).state)


def test_before_and_after_in_three_valued_logic():
    before = {"q": "signed_on", "before": "2021-01-01"}
    assert truth(before, {"signed_on": "2020-12-31"}) is True
    assert truth(before, {"signed_on": "2021-01-01"}) is False  # strictly before
    assert truth({"q": "signed_on", "after": "2021-01-01"}, {"signed_on": "2021-01-02"}) is True
    assert truth(before, {"signed_on": "unknown"}) is None
    renewal = {"q": "renewal_on", "before": "2026-01-01"}
    # renewal_on applies only to contracts signed before 2021: otherwise it is false
    assert truth(renewal, {"signed_on": "2022-03-01", "renewal_on": "2025-01-01"}) is False
    assert truth(renewal, {"signed_on": "2019-03-01", "renewal_on": "2025-01-01"}) is True


@pytest.mark.parametrize("data, fragment", [
    ({"q": "signed_on", "before": "soon"}, "needs a date written YYYY-MM-DD"),
    ({"q": "signed_on", "has": "x"}, "use one of before, after"),
    ({"q": "share", "before": "2020-01-01"}, '"before" does not apply to number question'),
])
def test_date_condition_problems_are_located(data, fragment):
    problems = ProblemList("rules.yaml")
    ConditionParser(DATED_RULES.bank.questions, problems, "R-1").parse(data, "when")
    text = " | ".join(str(p) for p in problems.items)
    assert fragment in text and text.startswith("rules.yaml: R-1: when")


def test_a_bad_date_bound_in_the_bank_is_reported(tmp_path):
    for path in DATED.iterdir():
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    bank = (tmp_path / "questions.yaml").read_text(encoding="utf-8")
    (tmp_path / "questions.yaml").write_text(bank.replace("min: 2000-01-01", "min: yesterday"),
                                             encoding="utf-8")
    with pytest.raises(RuleBaseError) as error:
        load_rulebase(tmp_path)
    assert "questions.yaml: signed_on: min: min must be a date written YYYY-MM-DD" in str(
        error.value)


def test_the_domain_of_a_date_has_a_day_in_every_region():
    domain = [d.isoformat() for d in DATED_RULES.domains["signed_on"]]
    assert "2021-01-01" in domain and "2023-06-30" in domain
    assert any(d < "2021-01-01" for d in domain) and any(d > "2023-06-30" for d in domain)
    assert any("2021-01-01" < d < "2023-06-30" for d in domain)


def test_scoring_and_the_exact_interval_over_an_unknown_date():
    result = assess(DATED_RULES, COMPLETE)
    fired = {f.rule: f for f in result.findings if f.status == "fired"}
    assert {"D-OLD-CONTRACT", "D-RENEWAL-SOON", "D-ACME-LARGE"} <= set(fired)
    assert fired["D-OLD-CONTRACT"].residual == pytest.approx(1.5)  # halved by the renewal
    assert fired["D-OLD-CONTRACT"].because == {"signed_on": "2019-05-01"}
    unknown = assess(DATED_RULES, {**COMPLETE, "signed_on": "unknown"})
    assert unknown.interval_exact
    balances = [assess(DATED_RULES, {**COMPLETE, "signed_on": day}, analyse=False).balance
                for day in ("2019-05-01", "2022-01-01", "2024-01-01")]
    assert unknown.interval == [pytest.approx(min(balances)), pytest.approx(max(balances))]
    gap = next(g for g in unknown.analysis.evidence_gaps if g.question == "signed_on")
    assert {o.answer for o in gap.verdict_if} >= {"2021-01-01", "2023-06-30"}


def test_an_answer_that_is_not_a_date_is_refused():
    from webapp.engine import AnswerError

    with pytest.raises(AnswerError, match="signed_on: expects a date written YYYY-MM-DD"):
        assess(DATED_RULES, {"signed_on": "1 May 2019"})
    with pytest.raises(AnswerError, match="before the earliest date 2000-01-01"):
        assess(DATED_RULES, {"signed_on": "1999-12-31"})


def test_the_cli_assesses_dates(tmp_path):
    path = tmp_path / "dated.json"
    path.write_text(json.dumps({"answers": COMPLETE}), encoding="utf-8")
    result = CliRunner().invoke(main, ["--rules", str(DATED), "assess", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "D-OLD-CONTRACT" in {f["rule"] for f in data["findings"]}
    text = CliRunner().invoke(main, ["--rules", str(DATED), "assess", str(path),
                                     "--format", "text"])
    assert "D-OLD-CONTRACT" in text.output
    path.write_text(json.dumps({"answers": {"signed_on": "2019-13-01"}}), encoding="utf-8")
    bad = CliRunner().invoke(main, ["--rules", str(DATED), "assess", str(path)])
    assert bad.exit_code == 2
    assert "answers.signed_on: expects a date written YYYY-MM-DD" in bad.output
    questions = CliRunner().invoke(main, ["--rules", str(DATED), "questions", "--json"])
    by_id = {q["id"]: q for q in json.loads(questions.output)["questions"]}
    assert by_id["renewal_on"]["show_if"] == {"q": "signed_on", "before": "2021-01-01"}


def test_the_wizard_and_the_report_with_a_date(tmp_path):
    app = make_app(tmp_path, DATED)
    client = app.test_client()
    response = client.post("/assessments/new", data={"title": "Dated"})
    step = response.headers["Location"]
    page = client.get(step).text
    assert re.search(r'<input[^>]*id="signed_on"[^>]*type="date"', page)
    assert 'name="signed_on__unknown"' in page  # "don't know" beside the date
    assert 'data-type="date"' in page and "conditions.js" in page
    # A date that is not a date: shown beside the field, the other answers kept.
    form = {"action": "next", "summary": "A maintenance contract.", "signed_on": "2019-02-30",
            "vendor": "acme", "audited": "no", "share": "60", "checks": ["tests"]}
    bad = client.post(step, data=form)
    assert bad.status_code == 422
    assert re.search(r'id="q-signed_on".*?is not a date', bad.text, re.S)
    assert 'value="2019-02-30"' in bad.text and 'value="60"' in bad.text
    good = client.post(step, data={**form, "signed_on": "2019-05-01",
                                   "renewal_on": "2025-06-01"})
    assert good.status_code == 302 and good.headers["Location"].endswith("/report")
    assessment_id = int(re.search(r"/assessments/(\d+)/", step).group(1))
    with app.app_context():
        from webapp.extensions import db
        from webapp.models import Assessment

        saved = db.session.get(Assessment, assessment_id)
        assert saved.answers["signed_on"] == "2019-05-01"
        assert saved.answers["renewal_on"] == "2025-06-01"
    again = client.get(step).text
    assert re.search(r'id="signed_on"[^>]*value="2019-05-01"|value="2019-05-01"[^>]*'
                     r'id="signed_on"', again)
    report = client.get(good.headers["Location"])
    assert report.status_code == 200
    html = report.text
    assert "The contract predates the security clauses of 2021." in html
    assert "1 May 2019" in html  # the answer in words, in the answers and the because list
    assert "“When was the contract signed” is before 1 January 2021" in client.get(
        "/method").text
    expected = assess(DATED_RULES, {**COMPLETE, "summary": "A maintenance contract."})
    assert f'<span class="verdict">{expected.verdict.label}</span>' in html
    assert expected.verdict in set(Verdict)
