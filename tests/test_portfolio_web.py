"""The Portfolio page: upload (good rows, bad rows, files refused whole), the table, the
chart, the background screening with its progress, opening a project, the downloads."""

from __future__ import annotations

import csv
import io
import time
import zipfile

import pytest

from webapp.extensions import db
from webapp.models import Assessment
from webapp.portfolio.models import Portfolio
from webapp.reports.pdf import pdf_unavailable

from .conftest import make_app
from .screen_helpers import example_projects, portfolio, rows_of, with_bad_rows


def upload(client, content: str | bytes, name: str = "portfolio.csv", profile="balanced"):
    data = content.encode() if isinstance(content, str) else content
    return client.post("/portfolio", data={"file": (io.BytesIO(data), name),
                                           "profile": profile},
                       content_type="multipart/form-data")


def stored(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(db.select(db.func.count()).select_from(Portfolio)),
                db.session.scalar(db.select(db.func.count()).select_from(Assessment)))


def test_the_menu_links_the_portfolio_page(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/portfolio"' in page
    page = client.get("/portfolio").get_data(as_text=True)
    assert "Portfolio screening" in page and "/portfolio/template.csv" in page


def test_template_downloads(client, rulebase):
    template = client.get("/portfolio/template.csv")
    assert template.status_code == 200
    header = template.get_data(as_text=True).lstrip("\ufeff").strip().split(",")
    assert header[:2] == ["project_id", "title"] and len(header) == 2 + len(
        rulebase.bank.questions)
    help_rows = rows_of(client.get("/portfolio/template-help.csv").get_data(
        as_text=True).lstrip("\ufeff"))
    assert help_rows[0]["column"] == "project_id"


def test_a_good_file_is_screened_into_a_table_and_chart(app, client, rulebase):
    response = upload(client, portfolio(rulebase))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for pid, _title, _ in example_projects():
        assert pid in page
    assert "Verdicts and the concerns behind them" in page and "<svg" in page
    assert page.count("Open as assessment") == 6
    assert "Rows not screened" not in page


def test_filter_and_sort(client, rulebase):
    location = upload(client, portfolio(rulebase)).headers["Location"]
    page = client.get(location + "?verdict=do_not_proceed").get_data(as_text=True)
    assert "police_facial_recognition_not_free" in page
    assert "ministry_laptops_own_it" not in page
    page = client.get(location + "?sort=balance&order=desc").get_data(as_text=True)
    order = [pid for pid, _, _ in example_projects()]
    positions = sorted(order, key=page.index)
    assert positions[0] == "police_facial_recognition_not_free"
    assert positions[-1] == "rural_access_network_ldc"
    assert 'aria-sort="descending"' in page
    page = client.get(location + "?q=laptops").get_data(as_text=True)
    assert "1 of 6 projects match" in page
    assert client.get(location + "?sort=nonsense&verdict=bogus").status_code == 200


def test_bad_rows_are_listed_and_the_others_screened(client, rulebase):
    response = upload(client, with_bad_rows(rulebase))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "3 rows could not be screened" in page
    assert "Rows not screened" in page
    assert "<code>ldc</code>" in page and "&#39;maybe&#39; is not one of" in page
    assert "<code>contract_value_meur</code>" in page
    assert page.count("Open as assessment") == 3


@pytest.mark.parametrize("content, message", [
    ("project_id,title\r\n".encode("utf-16"), "UTF-16"),
    ("project_id,title\r\np1,Café\r\n".encode("latin-1"), "not UTF-8"),
    (b"p1,Some project,yes\r\n", "the first line is not a header"),
    (b"project_id,ldcc\r\np1,yes\r\n", "is not a question id"),
    (b"project_id,ldc\r\np1,yes\r\np1,no\r\n", "is used on rows 2, 3"),
    (b"", "the file is empty"),
], ids=["utf16", "latin1", "no-header", "unknown-column", "duplicate-ids", "empty"])
def test_a_file_refused_whole_stores_nothing(app, client, content, message):
    response = upload(client, content)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The file was not screened" in page and message in page
    assert stored(app) == (0, 0)


def test_a_file_over_the_request_limit_is_refused(tmp_path, rulebase):
    app = make_app(tmp_path, MAX_CONTENT_LENGTH=2000)
    response = upload(app.test_client(), portfolio(rulebase))
    assert response.status_code == 413
    assert stored(app) == (0, 0)


def test_formula_cells_are_neutralised_in_the_downloads(client, rulebase):
    _, _, answers = example_projects()[0]
    text = portfolio(rulebase, [("=1+2", "@SUM(A1)", answers)])
    location = upload(client, text).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "=1+2" in page  # shown as typed, escaped HTML
    summary = client.get(location + "/summary.csv").get_data(as_text=True).lstrip("\ufeff")
    row = rows_of(summary)[0]
    assert (row["project_id"], row["title"]) == ("'=1+2", "'@SUM(A1)")


def test_open_as_assessment_creates_a_normal_assessment(app, client, rulebase):
    location = upload(client, portfolio(rulebase)).headers["Location"]
    with app.app_context():
        project = next(p for p in db.session.scalars(db.select(Portfolio)).one().projects
                       if p.project_id == "rural_access_network_ldc")
        project_pk, verdict, answers = project.id, project.verdict, dict(project.answers)
    response = client.post(f"{location}/projects/{project_pk}/open")
    assert response.status_code == 302 and "/report" in response.headers["Location"]
    with app.app_context():
        assessment = db.session.scalars(db.select(Assessment)).one()
        assert assessment.title == "Rural access network in a least-developed country"
        assert assessment.verdict == verdict
        text_questions = {q for q, question in rulebase.bank.questions.items()
                          if question.type == "text"}
        assert assessment.answers == {q: v for q, v in answers.items()
                                      if not (q in text_questions and v == "unknown")}
    report = client.get(response.headers["Location"])
    assert report.status_code == 200
    listing = client.get("/").get_data(as_text=True)
    assert "Rural access network in a least-developed country" in listing
    page = client.get(location).get_data(as_text=True)
    assert f"Assessment {assessment.id}" in page
    assert client.post(f"{location}/projects/999999/open").status_code == 404
    assert client.post("/portfolio/999/projects/1/open").status_code == 404


def test_zip_holds_the_summary_errors_and_pdfs(client, rulebase):
    projects = example_projects()[2:3]
    text = portfolio(rulebase, projects + [("", "no id", projects[0][2])])
    location = upload(client, text).headers["Location"]
    response = client.get(location + "/portfolio.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert {"summary.csv", "errors.csv"} <= names
    summary = rows_of(archive.read("summary.csv").decode("utf-8-sig"))
    assert [r["project_id"] for r in summary] == [projects[0][0]]
    errors = rows_of(archive.read("errors.csv").decode("utf-8-sig"))
    assert errors[0]["column"] == "project_id"
    if pdf_unavailable():
        assert "README.txt" in names
    else:
        assert archive.read(f"pdf/{projects[0][0]}.pdf").startswith(b"%PDF")


def test_large_files_are_screened_in_the_background_with_progress(tmp_path, rulebase):
    app = make_app(tmp_path, PORTFOLIO_BACKGROUND_ROWS=3)
    client = app.test_client()
    location = upload(client, portfolio(rulebase)).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert "Screening" in page
    assert "portfolio.js" in page and "<script>" not in page
    for _ in range(600):  # the thread finishes within seconds; at most a minute
        state = client.get(location + "/progress.json").get_json()
        if state["status"] == "done":
            break
        time.sleep(0.1)
    assert state == {"status": "done", "done": 6, "total": 6, "failed": 0, "stalled": False}
    page = client.get(location).get_data(as_text=True)
    assert page.count("Open as assessment") == 6 and "portfolio.js" not in page


def test_the_table_shows_at_most_max_shown(client, rulebase, monkeypatch):
    from webapp.portfolio import routes

    monkeypatch.setattr(routes, "MAX_SHOWN", 2)
    page = client.get(upload(client, portfolio(rulebase)).headers["Location"]).text
    assert "6 of 6 projects match; the first 2 are shown" in page
    assert page.count("Open as assessment") == 2


def test_unknown_portfolio_is_404(client):
    for url in ("/portfolio/1", "/portfolio/99999999999", "/portfolio/1/summary.csv",
                "/portfolio/1/portfolio.zip", "/portfolio/1/progress.json"):
        assert client.get(url).status_code == 404


def test_semicolons_and_bom_upload(client, rulebase):
    text = "\ufeff" + portfolio(rulebase, delimiter=";")
    response = upload(client, text)
    assert response.status_code == 302
    summary = client.get(response.headers["Location"] + "/summary.csv").get_data(as_text=True)
    assert len(list(csv.DictReader(io.StringIO(summary.lstrip("\ufeff"))))) == 6
