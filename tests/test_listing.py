"""The assessments list: progress as the wizard counts it, in a fixed number of queries."""

from __future__ import annotations

import re
from contextlib import contextmanager

from sqlalchemy import event

from webapp.extensions import db

from .conftest import example_answers
from .test_wizard import new_assessment, walk


@contextmanager
def counted_queries(app):
    statements = []
    with app.app_context():
        engine = db.engine

    def count(*_args):
        statements.append(1)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def progress(listing: str, title: str) -> tuple[int, int]:
    row = re.search(re.escape(title) + r"</a>.*?(\d+) of (\d+) sections", listing, re.S)
    return int(row.group(1)), int(row.group(2))


def test_the_list_counts_the_sections_the_wizard_walks(client):
    walked = {}
    for name, title in [("rural_access_network_ldc.json", "Rural"),
                        ("police_facial_recognition_not_free.json", "Cameras")]:
        assessment_id = new_assessment(client, title)
        seen, _ = walk(client, assessment_id, example_answers(name))
        walked[title] = int(seen[-1][1][1])  # "Step k of n" on the last page
    new_assessment(client, "Just started")
    listing = client.get("/").text
    assert progress(listing, "Rural") == (walked["Rural"], walked["Rural"])
    assert progress(listing, "Cameras") == (walked["Cameras"], walked["Cameras"])
    assert walked["Rural"] != walked["Cameras"]  # development vs surveillance sections
    assert progress(listing, "Just started")[0] == 0


def test_the_list_takes_as_many_queries_for_many_assessments_as_for_one(client, app):
    answers = example_answers("ministry_laptops_own_it.json")
    walk(client, new_assessment(client, "First"), answers)
    with counted_queries(app) as one:
        assert client.get("/").status_code == 200
    for k in range(4):
        walk(client, new_assessment(client, f"Another {k}"), answers)
    with counted_queries(app) as five:
        listing = client.get("/").text
    assert all(f"Another {k}" in listing for k in range(4))
    assert len(five) == len(one)
