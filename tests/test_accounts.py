"""Accounts: the first admin on a fresh instance (web and CLI), signing in with CSRF, no user
enumeration, throttling, signing out by POST, password change, idle sessions, teams on the list
and the trash, admin pages, and user text escaped."""

from __future__ import annotations

import time

from click.testing import CliRunner

from webapp.cli import main

from .accounts_support import PASSWORD, add_account, csrf_of, log_in
from .conftest import EXAMPLES, RULES, make_app
from .wizard_helpers import new_assessment

FAILED = "That username and password do not match an active account."


def fresh_app(tmp_path, **config):
    """An app with no account at all (make_app's "tester" removed)."""
    from webapp.extensions import db
    from webapp.models import Account

    app = make_app(tmp_path, **config)
    with app.app_context():
        db.session.query(Account).delete()
        db.session.commit()
    app.extensions.pop("weighbridge_has_accounts", None)
    return app


def test_the_first_visit_offers_to_create_the_admin(tmp_path):
    app = fresh_app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client(user=None)
    first = client.get("/")
    assert first.status_code == 302 and first.headers["Location"] == "/setup"
    assert client.get("/login").headers["Location"] == "/setup"
    page = client.get("/setup")
    assert "Create the admin account" in page.text
    made = client.post("/setup", data={"username": "Root", "name": "Ada Admin",
                                       "password": PASSWORD, "confirm": PASSWORD,
                                       "csrf_token": csrf_of(page.text)})
    assert made.status_code == 302
    listing = client.get("/")
    assert listing.status_code == 200 and "Ada Admin (admin, Default team)" in listing.text
    assert client.get("/admin/users").status_code == 200
    # Offered once only.
    assert app.test_client(user=None).get("/setup").status_code == 404


def test_users_create_on_the_command_line_and_list(tmp_path, monkeypatch):
    app = fresh_app(tmp_path)
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    runner = CliRunner()
    made = runner.invoke(main, ["--rules", str(RULES), "users", "create", "--role", "admin",
                                "--username", "root", "--name", "Ada Admin"],
                         input=f"{PASSWORD}\n{PASSWORD}\n")
    assert made.exit_code == 0, made.output
    assert "created root (admin, Default team)" in made.output
    short = runner.invoke(main, ["--rules", str(RULES), "users", "create", "--username", "x",
                                 "--password", "short"])
    assert short.exit_code == 2 and "at least 10 characters" in short.stderr
    listed = runner.invoke(main, ["--rules", str(RULES), "users", "list"])
    assert "root\tAda Admin\tadmin\tDefault team\tactive" in listed.output
    assert log_in(app.test_client(user=None), "root").status_code == 302


def test_sign_in_needs_the_csrf_token_and_goes_back_where_asked(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client(user=None)
    asked = client.get("/trash")
    assert asked.headers["Location"] == "/login?next=/trash"
    no_token = client.post("/login", data={"username": "tester", "password": PASSWORD})
    assert no_token.status_code == 400
    page = client.get("/login?next=/trash")
    signed = client.post("/login", data={"username": "TESTER", "password": PASSWORD,
                                         "next": "/trash", "csrf_token": csrf_of(page.text)})
    assert signed.status_code == 302 and signed.headers["Location"] == "/trash"
    # never to another site
    client2 = app.test_client(user=None)
    page = client2.get("/login")
    away = client2.post("/login", data={"username": "tester", "password": PASSWORD,
                                        "next": "//evil.example/", "csrf_token":
                                        csrf_of(page.text)})
    assert away.headers["Location"] == "/"


def test_unknown_user_and_wrong_password_look_the_same_and_take_the_same_path(tmp_path,
                                                                             monkeypatch):
    import webapp.accounts.service as service

    app = make_app(tmp_path)
    checked = []
    real = service.check_password_hash
    monkeypatch.setattr(service, "check_password_hash",
                        lambda h, p: checked.append(h.split("$")[0]) or real(h, p))
    unknown = log_in(app.test_client(user=None), "nobody", "whatever-password")
    wrong = log_in(app.test_client(user=None), "tester", "whatever-password")
    assert unknown.status_code == wrong.status_code == 422
    assert FAILED in unknown.text and FAILED in wrong.text
    assert unknown.text.replace("nobody", "X") == wrong.text.replace("tester", "X")
    assert len(checked) == 2 and checked[0] == checked[1]  # one hash checked, same method


def test_repeated_failures_lock_the_account_and_the_address(tmp_path):
    app = make_app(tmp_path, LOGIN_MAX_FAILURES=5, LOGIN_MAX_FAILURES_PER_IP=8)
    client = app.test_client(user=None)
    for _ in range(5):
        assert FAILED in log_in(client, "tester", "wrong password!").text
    locked = log_in(client, "tester")  # the right password, but locked now
    assert locked.status_code == 422 and "Too many failed sign-ins" in locked.text
    # An unknown name is locked the same way (nothing tells the two apart).
    for _ in range(5):
        log_in(client, "ghost", "wrong password!")
    assert "Too many failed sign-ins" in log_in(client, "ghost", "x" * 10).text
    # Now the address has failed 11 times (over 8): another account is refused from it too.
    add_account(app, "other")
    assert "Too many failed sign-ins" in log_in(client, "other").text


def test_a_lock_ends_and_a_success_clears_the_count(tmp_path):
    from webapp.extensions import db
    from webapp.models import LoginThrottle

    app = make_app(tmp_path, LOGIN_MAX_FAILURES=3)
    client = app.test_client(user=None)
    for _ in range(2):
        log_in(client, "tester", "wrong password!")
    assert log_in(client, "tester").status_code == 302  # 2 < 3, and the count starts again
    with app.app_context():
        assert db.session.get(LoginThrottle, "account:tester") is None
        for _ in range(3):
            log_in(app.test_client(user=None), "tester", "wrong password!")
        row = db.session.get(LoginThrottle, "account:tester")
        assert row.locked_until is not None
        row.locked_until = None  # the wait is over
        db.session.commit()
    assert log_in(app.test_client(user=None), "tester").status_code == 302


def test_sign_out_is_a_post_with_csrf(tmp_path):
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client(user=None)
    page = client.get("/login")
    client.post("/login", data={"username": "tester", "password": PASSWORD,
                                "csrf_token": csrf_of(page.text)})
    listing = client.get("/")
    assert "Sign out" in listing.text
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400  # no token: still signed in
    assert client.get("/").status_code == 200
    out = client.post("/logout", data={"csrf_token": csrf_of(listing.text)})
    assert out.status_code == 302 and out.headers["Location"] == "/login"
    assert client.get("/").headers["Location"].startswith("/login")


def test_an_idle_session_ends(tmp_path):
    app = make_app(tmp_path, SESSION_IDLE_MINUTES=10)
    client = app.test_client()
    assert client.get("/").status_code == 200
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - 9 * 60
    assert client.get("/").status_code == 200  # 9 minutes: still on (and noted again)
    with client.session_transaction() as session:
        session["seen"] = int(time.time()) - 11 * 60
    ended = client.get("/")
    assert ended.status_code == 302 and ended.headers["Location"] == "/login"
    assert client.get("/").headers["Location"].startswith("/login")


def test_password_change(tmp_path):
    app = make_app(tmp_path)
    client = app.test_client()
    wrong = client.post("/account/password", data={"current": "not it at all",
                                                   "password": "a new password",
                                                   "confirm": "a new password"})
    assert wrong.status_code == 422 and "current password is not right" in wrong.text
    short = client.post("/account/password", data={"current": PASSWORD, "password": "short",
                                                   "confirm": "short"})
    assert short.status_code == 422 and "at least 10 characters" in short.text
    done = client.post("/account/password", data={"current": PASSWORD,
                                                  "password": "a new password",
                                                  "confirm": "a new password"})
    assert done.status_code == 302
    assert log_in(app.test_client(user=None), "tester").status_code == 422
    assert log_in(app.test_client(user=None), "tester", "a new password").status_code == 302


def test_the_list_and_the_trash_show_only_the_teams_assessments(tmp_path):
    app = make_app(tmp_path)
    add_account(app, "bea", team="Team B")
    add_account(app, "boss", "admin", team="Team B")
    mine = app.test_client()
    theirs = app.test_client(user="bea")
    new_assessment(mine, "Ours: rural network")
    hidden = new_assessment(theirs, "Theirs: city cameras")
    assert "Ours: rural network" in mine.get("/").text
    assert "Theirs: city cameras" not in mine.get("/").text
    assert "Theirs: city cameras" in theirs.get("/").text
    assert "Ours: rural network" not in theirs.get("/").text
    assert mine.get(f"/assessments/{hidden}/report").status_code == 404
    theirs.post(f"/assessments/{hidden}/delete")
    assert "Theirs: city cameras" in theirs.get("/trash").text
    assert "Theirs: city cameras" not in mine.get("/trash").text
    assert mine.post(f"/trash/{hidden}/restore").status_code == 404
    everything = app.test_client(user="boss").get("/").text  # admins see every team's
    assert "Ours: rural network" in everything


def test_web_and_cli_imports_go_to_a_team(tmp_path, monkeypatch):
    app = make_app(tmp_path)
    add_account(app, "bea", team="Team B")
    monkeypatch.setenv("DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    runner = CliRunner()
    example = str(EXAMPLES / "rural_access_network_ldc.json")
    to_b = runner.invoke(main, ["--rules", str(RULES), "import", "--team", "Team B", example])
    assert to_b.exit_code == 0, to_b.output
    default = runner.invoke(main, ["--rules", str(RULES), "import", example])
    missing = runner.invoke(main, ["--rules", str(RULES), "import", "--team", "Nope", example])
    assert missing.exit_code == 2 and "no team named 'Nope'" in missing.stderr
    b_number, default_number = int(to_b.stdout), int(default.stdout)
    assert app.test_client(user="bea").get(f"/assessments/{b_number}/report").status_code == 200
    assert app.test_client().get(f"/assessments/{b_number}/report").status_code == 404
    assert app.test_client().get(f"/assessments/{default_number}/report").status_code == 200
    with open(example, "rb") as handle:
        web = app.test_client(user="bea").post(
            "/assessments/import", data={"file": (handle, "x.json")},
            content_type="multipart/form-data")
    number = int(web.headers["Location"].split("/")[2])
    assert app.test_client().get(f"/assessments/{number}/report").status_code == 404


def test_admin_creates_changes_and_deactivates_people(tmp_path):
    app = make_app(tmp_path)
    add_account(app, "boss", "admin")
    admin = app.test_client(user="boss")
    assert app.test_client().get("/admin/users").status_code == 404  # an assessor
    assert admin.post("/admin/teams", data={"name": "Team <B>"}).status_code == 302
    page = admin.get("/admin/users").text
    assert "Team &lt;B&gt;" in page and "Team <B>" not in page
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import Account, Team

    with app.app_context():
        team_b = db.session.scalar(select(Team.id).where(Team.name == "Team <B>"))
    made = admin.post("/admin/users", data={"username": "cleo", "name": "<b>Cleo</b>",
                                            "password": PASSWORD, "role": "reviewer",
                                            "team": team_b})
    assert made.status_code == 302
    listing = admin.get("/admin/users").text
    assert "&lt;b&gt;Cleo&lt;/b&gt;" in listing and "<b>Cleo</b>" not in listing
    taken = admin.post("/admin/users", data={"username": "CLEO", "name": "Again",
                                             "password": PASSWORD, "role": "assessor",
                                             "team": team_b})
    assert taken.status_code == 422 and "is taken" in taken.text
    with app.app_context():
        cleo = db.session.scalar(select(Account).where(Account.username == "cleo"))
        cleo_id = cleo.id
        assert cleo.role == "reviewer" and cleo.team_id == team_b
    assert log_in(app.test_client(user=None), "cleo").status_code == 302
    changed = admin.post(f"/admin/users/{cleo_id}", data={"name": "Cleo", "role": "assessor",
                                                          "team": team_b})  # active unticked
    assert changed.status_code == 302
    with app.app_context():
        cleo = db.session.get(Account, cleo_id)
        assert cleo.role == "assessor" and not cleo.active
    assert FAILED in log_in(app.test_client(user=None), "cleo").text
    # A deactivated person's open session ends too.
    assert app.test_client(user="cleo").get("/").headers["Location"].startswith("/login")
