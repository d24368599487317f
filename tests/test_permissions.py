"""The permission matrix: every route of ``app.url_map`` × {anonymous, an assessor of the
assessment's team, an assessor of another team, a reviewer of the team, an admin (of another
team)} with the status each must get. The routes are read from the url_map, so a route added
later and missing from EXPECTED fails the test instead of escaping it.

Anonymous people are sent to sign in; people outside the team get 404 (not 403) on every
route that names an assessment; admin pages are "not found" for everyone but admins. Each
request is made against an assessment of its own (a POST may archive, copy or trash it)."""

from __future__ import annotations

import pytest

from .accounts_support import account_id, add_account
from .conftest import make_app

#: (endpoint, method) -> the status a member of the team gets (CSRF off, an empty form)
EXPECTED: dict[tuple[str, str], int] = {
    ("questionnaire.index", "GET"): 200,
    ("questionnaire.new", "GET"): 200,
    ("questionnaire.new", "POST"): 422,
    ("questionnaire.resume", "GET"): 302,
    ("questionnaire.step", "GET"): 200,
    ("questionnaire.step", "POST"): 422,  # required answers missing
    ("questionnaire.resolve", "POST"): 302,
    ("reports.report", "GET"): 200,
    ("reports.report_pdf", "GET"): 200,
    ("reports.report_json", "GET"): 200,
    ("reports.method", "GET"): 200,
    ("review.submit_for_review", "POST"): 409,  # not every section answered yet
    ("review.approve_assessment", "POST"): 403,  # an assessor may not approve
    ("review.return_assessment", "POST"): 403,
    ("manage.edit", "GET"): 200,
    ("manage.edit", "POST"): 302,  # the stored title stands in for the empty field
    ("manage.duplicate", "POST"): 302,
    ("manage.archive", "POST"): 302,
    ("manage.delete", "GET"): 200,
    ("manage.delete", "POST"): 302,
    ("manage.trash", "GET"): 200,
    ("manage.restore", "POST"): 302,
    ("manage.export", "GET"): 200,
    ("manage.actions", "GET"): 200,
    ("manage.import_file", "GET"): 200,
    ("manage.import_file", "POST"): 422,
    ("accounts.login", "GET"): 302,  # signed in already: to the list
    ("accounts.login", "POST"): 302,
    ("accounts.logout", "POST"): 302,
    ("accounts.setup", "GET"): 404,  # offered only before the first account exists
    ("accounts.setup", "POST"): 404,
    ("accounts.password", "GET"): 200,
    ("accounts.password", "POST"): 422,
    ("admin.users", "GET"): 200,
    ("admin.users", "POST"): 422,
    ("admin.user", "GET"): 200,
    ("admin.user", "POST"): 422,
    ("admin.teams", "GET"): 200,
    ("admin.teams", "POST"): 422,
    ("history.history", "GET"): 200,
    ("actionplan.actions", "GET"): 200,
    ("actionplan.adopt", "GET"): 404,  # no condition named
    ("actionplan.adopt", "POST"): 404,
    ("actionplan.update", "POST"): 404,  # no action 1 on this assessment
    ("actionplan.apply", "GET"): 404,
    ("actionplan.apply", "POST"): 404,
    ("reassess.reassess", "GET"): 200,  # its rule set "x" is not the current one
    ("reassess.reassess", "POST"): 302,
    ("reassess.changes", "GET"): 404,  # not a re-assessed copy
    ("comparisons.add_alternative", "GET"): 200,
    ("comparisons.add_alternative", "POST"): 422,
    ("comparisons.index", "GET"): 200,
    ("comparisons.show", "GET"): 200,  # the team's comparison made by the fixture
    ("comparisons.show_pdf", "GET"): 200,
    ("portfolio.index", "GET"): 200,
    ("portfolio.index", "POST"): 422,  # no file
    ("portfolio.show", "GET"): 200,  # the team's portfolio made by the fixture
    ("portfolio.download_zip", "GET"): 200,
    ("portfolio.progress", "GET"): 200,
    ("portfolio.open_project", "POST"): 302,  # to the new assessment
    ("portfolio.resume", "POST"): 302,
    ("portfolio.summary", "GET"): 200,
    ("portfolio.template", "GET"): 200,
    ("portfolio.template_help", "GET"): 200,
    ("favicon", "GET"): 200,
    ("static", "GET"): 200,
}
#: what anonymous people may open, and what they get there
PUBLIC = {("accounts.login", "GET"): 200, ("accounts.login", "POST"): 422,
          ("accounts.setup", "GET"): 404, ("accounts.setup", "POST"): 404,
          ("favicon", "GET"): 200, ("static", "GET"): 200}
ROLES = ["anonymous", "member", "outsider", "reviewer", "admin"]
#: where a role inside the team gets something else than the member (an assessor)
BY_ROLE = {("review.approve_assessment", "POST"): {"reviewer": 409, "admin": 409},  # a draft
           ("review.return_assessment", "POST"): {"reviewer": 409, "admin": 409}}


def expected(endpoint: str, method: str, arguments: set[str], role: str) -> int:
    if role == "anonymous":
        return PUBLIC.get((endpoint, method), 302)
    status = EXPECTED[(endpoint, method)]
    if endpoint.startswith("admin.") and role != "admin":
        return 404
    if role == "outsider" and arguments & {"assessment_id", "comparison_id", "portfolio_id"}:
        return 404
    return BY_ROLE.get((endpoint, method), {}).get(role, status)


@pytest.fixture(scope="module")
def matrix_app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("matrix"))
    add_account(app, "outsider", "assessor", team="Team B")
    add_account(app, "reviewer", "reviewer")
    add_account(app, "boss", "admin", team="Team B")
    with app.app_context():  # comparison 1: two alternatives of the default team
        from webapp.extensions import db
        from webapp.models import Assessment, Comparison

        comparison = Comparison(name="Vendors")  # number 1 on the fresh database
        db.session.add(comparison)
        db.session.flush()  # before the alternatives that refer to it
        for name in ("Vendor A", "Vendor B"):
            db.session.add(Assessment(title=name, ruleset="x", team_id=1,
                                      comparison_id=comparison.id,
                                      alternative_name=name))
        from webapp.portfolio.models import Portfolio, Project

        portfolio = Portfolio(name="Projects", team_id=1, status="done", total=1, done=1,
                              failed=0, ruleset="x")
        portfolio.projects.append(Project(row=2, project_id="p1", title="Rural",
                                          answers={"ldc": "yes"}, verdict="proceed",
                                          balance=0.0, top_concern="", top_finding="",
                                          top_condition=""))
        db.session.add(portfolio)
        db.session.commit()
    return app


def _target(app) -> int:
    """A fresh assessment of the default team (tester's), with one answer."""
    from webapp.extensions import db
    from webapp.models import Answer, Assessment

    with app.app_context():
        assessment = Assessment(title="Target", ruleset="x", team_id=1,
                                author_id=account_id(app, "tester"))
        assessment.answer_rows.append(Answer(question_id="ldc", value="yes", version=1))
        db.session.add(assessment)
        db.session.commit()
        return assessment.id


def _url(app, rule, assessment_id: int) -> str:
    values = {"assessment_id": assessment_id, "section_id": "scenario",
              "account_id": account_id(app, "tester"), "filename": "style.css",
              "action_id": 1, "comparison_id": 1, "portfolio_id": 1, "project_id": 1}
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})


def _cells(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_has_an_expectation(matrix_app):
    missing = [f"{rule.endpoint} {method} {rule.rule}" for rule, method in _cells(matrix_app)
               if (rule.endpoint, method) not in EXPECTED]
    assert not missing, "routes missing from the permission matrix: " + "; ".join(missing)


@pytest.mark.parametrize("role", ROLES)
def test_the_permission_matrix(matrix_app, role):
    app = matrix_app
    wrong = []
    for rule, method in _cells(app):
        if (rule.endpoint, method) not in EXPECTED:
            continue  # reported by the test above
        user = {"anonymous": None, "member": "tester", "outsider": "outsider",
                "reviewer": "reviewer", "admin": "boss"}[role]
        client = app.test_client(user=user)
        url = _url(app, rule, _target(app))
        response = client.open(url, method=method, data={} if method == "POST" else None)
        want = expected(rule.endpoint, method, set(rule.arguments), role)
        if response.status_code != want:
            wrong.append(f"{method} {url} ({rule.endpoint}) as {role}: "
                         f"{response.status_code}, expected {want}")
        elif role == "anonymous" and want == 302:
            assert response.headers["Location"].startswith("/login"), url
    assert not wrong, "\n".join(wrong)


def test_an_outsiders_404_is_the_same_page_as_a_number_that_does_not_exist(matrix_app):
    number = _target(matrix_app)
    outsider = matrix_app.test_client(user="outsider")
    theirs = outsider.get(f"/assessments/{number}/report")
    nobody = outsider.get("/assessments/999999/report")
    assert theirs.status_code == nobody.status_code == 404
    assert "Target" not in theirs.text
    assert theirs.text.replace(str(number), "N") == nobody.text.replace("999999", "N")
