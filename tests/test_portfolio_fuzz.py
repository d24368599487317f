"""Random portfolio files and query strings: the page answers 302 or 422 (never 500), a file
refused stores nothing, and every row of a file taken is stored screened or with its problems."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from webapp.extensions import db
from webapp.portfolio.models import Portfolio

from .conftest import make_app
from .test_fuzz_forms import FUZZ, SPECIAL, texts


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("portfolio-fuzz"))
    return app, app.test_client()


def count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Portfolio))


def test_random_files(site):
    app, client = site
    rulebase = app.extensions["weighbridge_rules"]
    columns = ["project_id", "title", *list(rulebase.bank.questions)[:12], "nonesuch", ""]
    cells = st.one_of(texts, st.sampled_from(["yes", "no", "none", "a|b", "=1+1", "-2"]))

    @st.composite
    def files(draw):
        header = draw(st.lists(st.sampled_from(columns), min_size=0, max_size=6))
        rows = draw(st.lists(st.lists(cells, max_size=8), max_size=5))
        delimiter = draw(st.sampled_from([",", ";", "\t"]))
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
        return buffer.getvalue().encode(encoding, "replace")

    @FUZZ
    @given(content=st.one_of(files(), st.binary(max_size=300)))
    def check(content):
        before = count(app)
        response = client.post("/portfolio", data={
            "file": (io.BytesIO(content), "p.csv"), "profile": "balanced"},
            content_type="multipart/form-data")
        assert response.status_code in (302, 422), response.text[:1500]
        assert count(app) == before + (response.status_code == 302)
        if response.status_code == 302:
            page = client.get(response.headers["Location"])
            assert page.status_code == 200, page.text[:1500]

    check()


def test_random_query_strings(site):
    app, client = site
    text = "project_id,ldc\r\np1,yes\r\np2,no\r\n"
    location = client.post("/portfolio", data={
        "file": (io.BytesIO(text.encode()), "p.csv"), "profile": "balanced"},
        content_type="multipart/form-data").headers["Location"]

    @FUZZ
    @given(query=st.dictionaries(st.sampled_from(["q", "verdict", "concern", "sort", "order"]),
                                 st.one_of(SPECIAL, texts), max_size=5))
    def check(query):
        response = client.get(location, query_string=query)
        assert response.status_code in (200, 400), response.text[:1500]

    check()
