"""Random form data posted to every route (Hypothesis): never a 500, and the stored answers
change only when the post was a valid one — every value then stored still fits its question."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webapp.engine import clean_answers

from .conftest import example_answers, make_app
from .wizard_helpers import new_assessment, stored, walk

FUZZ = settings(max_examples=50, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
STEP_FUZZ = settings(FUZZ, max_examples=25)  # eight sections: 200 posts in all

# Text a browser, a script or an attacker might send: unicode of every plane, NUL and other
# control characters, long runs, numbers written oddly, JSON fragments.
SPECIAL = st.sampled_from([
    "", "\x00", "yes", "no", "unknown", "__none__", "NaN", "sNaN", "-Infinity", "1e999999",
    "9" * 5000, "-0", "0x10", "[" * 3000, '{"a": [1]}', "null", "2026-02-30", "9999-12-31",
    "１２", "\u202e", "a" * 2001, "%00"])
texts = st.one_of(
    SPECIAL,
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.builds(lambda s, n: s * n, st.text(min_size=1, max_size=3), st.integers(0, 4000)),
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("fuzz"))
    client = app.test_client()
    assessment_id = new_assessment(client)
    walk(client, assessment_id, example_answers("rural_access_network_ldc.json"))
    return app, client, assessment_id


def field_names(app, section_id: str) -> list[str]:
    """The names a section page really posts, so the fuzz reaches the code behind them."""
    section = app.extensions["weighbridge_rules"].bank.section(section_id)
    names = ["action", "seen", "registry_partner"]
    for question in section.questions:
        qid = question.id
        names += [qid, qid + "__evidence", qid + "__day", f"keep__{qid}", f"mine__{qid}",
                  f"version__{qid}", f"evidence__{qid}"]
    return names


def fields(real: list[str], values) -> st.SearchStrategy[dict]:
    """Each real field present or not, with a random value, plus a few made-up fields."""
    present = st.fixed_dictionaries({}, optional={name: values for name in real})
    made_up = st.dictionaries(st.text(max_size=20), values, max_size=3)
    return st.builds(lambda a, b: {**b, **a}, present, made_up)


def form_data(app, section_id: str):
    return fields(field_names(app, section_id), st.one_of(texts, st.lists(texts, max_size=4)))


def assert_unchanged_unless_valid(app, assessment_id, before, response):
    after = stored(app, assessment_id)
    assert response.status_code < 500, response.text[:1500]
    if response.status_code != 302:
        assert after.answers == before.answers and after.evidence == before.evidence
    rulebase = app.extensions["weighbridge_rules"]
    assert clean_answers(after.answers, rulebase.bank) == after.answers  # all still valid


SECTIONS = ["scenario", "partner", "technology", "data_access", "surveillance", "development",
            "alliances", "mitigations"]


@pytest.mark.parametrize("section_id", SECTIONS)
def test_random_posts_to_a_step(site, section_id):
    app, client, assessment_id = site
    assert app.extensions["weighbridge_rules"].bank.find_section(section_id) is not None

    @STEP_FUZZ
    @given(data=form_data(app, section_id))
    def check(data):
        before = stored(app, assessment_id)
        response = client.post(f"/assessments/{assessment_id}/step/{section_id}", data=data)
        assert_unchanged_unless_valid(app, assessment_id, before, response)

    check()


@pytest.mark.parametrize("section_id", SECTIONS[:2])
def test_random_conflict_resolutions(site, section_id):
    app, client, assessment_id = site

    @FUZZ
    @given(data=form_data(app, section_id))
    def check(data):
        before = stored(app, assessment_id)
        response = client.post(f"/assessments/{assessment_id}/step/{section_id}/resolve",
                               data=data)
        assert_unchanged_unless_valid(app, assessment_id, before, response)

    check()


def test_random_new_assessments(site):
    app, client, _ = site
    @FUZZ
    @given(data=fields(["title", "assessor", "csrf_token"], texts))
    def check(data):
        listed = client.get("/").text.count("/report")
        response = client.post("/assessments/new", data=data)
        assert response.status_code in (302, 422), response.text[:1500]
        assert client.get("/").text.count("/report") == listed + (response.status_code == 302)

    check()


@pytest.mark.parametrize("path", ["/", "/method", "/assessments/new", "/report"])
def test_random_query_strings(site, path):
    app, client, assessment_id = site
    if path == "/report":
        path = f"/assessments/{assessment_id}/report"
    rulebase = app.extensions["weighbridge_rules"]
    real = ["profile", "concern", "effect", "q"] + [f"w_{c}" for c in rulebase.concern_ids]

    @FUZZ
    @given(query=fields(real, st.one_of(SPECIAL, texts)))
    def check(query):
        before = stored(app, assessment_id)
        response = client.get(path, query_string=query)
        assert response.status_code in (200, 400), response.text[:1500]
        assert stored(app, assessment_id).answers == before.answers

    check()
