"""Pages served from the page cache and with ETags: a repeat view is answered 304 or from the
cache, and any change to what a page shows gives the new page, never a stale copy."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest
from sqlalchemy import update

from webapp.engine import assess
from webapp.extensions import db
from webapp.models import Answer, Assessment

from .conftest import example_answers, make_app
from .test_wizard import new_assessment, walk
from .wizard_helpers import section_form_data


@pytest.fixture
def filled(client):
    """An assessment walked through the wizard to its report."""
    assessment_id = new_assessment(client, "Rural network")
    answers = example_answers("rural_access_network_ldc.json")
    _, url = walk(client, assessment_id, answers, evidence={"ldc": "UN list of LDCs, 2024"})
    return assessment_id, answers, url


def save_section(client, assessment_id, section_id, answers, evidence=None):
    rulebase = client.application.extensions["weighbridge_rules"]
    section = rulebase.bank.section(section_id)
    response = client.post(f"/assessments/{assessment_id}/step/{section_id}",
                           data=section_form_data(section, answers, evidence or {}))
    assert response.status_code == 302, response.text[:1000]


def section_of(client, question_id):
    rulebase = client.application.extensions["weighbridge_rules"]
    return next(s.id for s in rulebase.bank.sections
                if any(q.id == question_id for q in s.questions))


def test_a_repeat_view_of_an_unchanged_report_is_answered_304(client, filled):
    _, _, url = filled
    first = client.get(url)
    assert first.status_code == 200 and "Verdict:" in first.text
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert client.get(url).text == first.text  # served from the cache: the same page


def test_a_changed_answer_gives_the_changed_report_not_the_cached_one(client, filled):
    assessment_id, answers, url = filled
    before = client.get(url)
    assert "Example network vendor" in before.text
    section_id = section_of(client, "partner_name")
    save_section(client, assessment_id, section_id,
                 {**answers, "partner_name": "Another vendor"})
    after = client.get(url, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert "Another vendor" in after.text and "Example network vendor" not in after.text
    assert after.headers["ETag"] != before.headers["ETag"]


def test_a_changed_verdict_shows_at_once(client, app, filled):
    assessment_id, answers, url = filled
    verdict = re.search(r'<span class="verdict">(.*?)</span>', client.get(url).text).group(1)
    # one of the answers the report says would make the verdict worse
    worse = assess(app.extensions["weighbridge_rules"], answers).analysis.worse_if[0]
    save_section(client, assessment_id, section_of(client, worse.question),
                 {**answers, worse.question: worse.answer})
    page = client.get(url).text
    changed = re.search(r'<span class="verdict">(.*?)</span>', page).group(1)
    assert changed != verdict and changed == worse.verdict.label


def test_a_changed_evidence_note_shows_in_the_report(client, filled):
    assessment_id, answers, url = filled
    assert "UN list of LDCs, 2024" in client.get(url).text
    save_section(client, assessment_id, section_of(client, "ldc"), answers,
                 evidence={"ldc": "UN list of LDCs, 2025 edition"})
    page = client.get(url).text
    assert "UN list of LDCs, 2025 edition" in page and "2024" not in page.split(
        "The answers given")[1].split("Method note")[0]


def test_a_change_made_in_the_database_directly_is_not_hidden(client, app, filled):
    """Even a change that bypasses the wizard (no new version) gives the new report."""
    assessment_id, _, url = filled
    before = client.get(url).text
    with app.app_context():
        db.session.execute(update(Answer).where(Answer.assessment_id == assessment_id,
                                                Answer.question_id == "partner_name")
                           .values(value="Vendor renamed"))
        db.session.execute(update(Assessment).where(Assessment.id == assessment_id)
                           .values(title="Renamed assessment"))
        db.session.commit()
    after = client.get(url).text
    assert after != before
    assert "Vendor renamed" in after and "Renamed assessment" in after


def test_other_weights_are_another_report(client, filled):
    _, _, url = filled
    balanced = client.get(url)
    other = client.get(url + "?profile=security_led")
    assert other.status_code == 200
    assert other.headers["ETag"] != balanced.headers["ETag"]
    assert "weights: Security-led" in other.text and "weights: Balanced" in balanced.text


def test_a_flashed_message_is_shown_once_and_never_cached(client, filled):
    _, _, url = filled
    client.get(url)  # cached
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Your choices were saved.")]
    assert "Your choices were saved." in client.get(url).text
    assert "Your choices were saved." not in client.get(url).text


def test_method_page_is_answered_304_when_the_browser_has_it(client):
    first = client.get("/method")
    assert first.status_code == 200 and "Method" in first.text
    again = client.get("/method", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    filtered = client.get("/method?effect=mitigation")
    assert filtered.headers["ETag"] != first.headers["ETag"]
    assert filtered.text != first.text


def test_method_page_etag_holds_on_another_worker(tmp_path, monkeypatch):
    """Each worker renders its own copy, with its own CSRF token in the sign-out form; a
    browser's copy from one worker is still current on the other."""
    import flask_wtf.csrf
    from itsdangerous import TimestampSigner, URLSafeTimedSerializer

    from webapp.reports.method import METHOD_PAGES

    class LaterSigner(TimestampSigner):
        def get_timestamp(self) -> int:
            return 2_000_000_000

    class LaterTokens(URLSafeTimedSerializer):  # the other worker signs its token later
        default_signer = LaterSigner

    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    first = client.get("/method")
    METHOD_PAGES.clear()  # the other worker has no copy yet; its token is signed later
    app.extensions["weighbridge_csrf_tokens"].clear()
    monkeypatch.setattr(flask_wtf.csrf, "URLSafeTimedSerializer", LaterTokens)
    assert client.get("/method", headers={"If-None-Match": first.headers["ETag"]}
                      ).status_code == 304
    other = client.get("/method")
    assert other.text != first.text and other.headers["ETag"] == first.headers["ETag"]


@pytest.mark.parametrize("encoding", ["gzip", "br", "zstd"])
def test_pages_are_compressed_for_browsers_that_accept_it(client, filled, encoding):
    try:
        from compression import zstd  # Python 3.14
    except ImportError:
        from backports import zstd  # what Flask-Compress installs before 3.14

    decode = {"gzip": gzip.decompress, "br": brotli.decompress,
              "zstd": zstd.decompress}[encoding]
    _, _, url = filled
    static = ["/static/style.css"] if encoding != "gzip" else []  # files stream: not gzip
    for path in ["/method", url, "/", *static]:
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        client.get(path, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})  # cached
        packed = client.get(path, headers={"Accept-Encoding": encoding})
        assert "Content-Encoding" not in plain.headers
        assert packed.headers["Content-Encoding"] == encoding, path
        assert "Accept-Encoding" in packed.headers["Vary"]
        assert decode(packed.data) == plain.data, path


def test_the_bare_benchmark_endpoint_exists_only_when_asked_for(tmp_path, client):
    assert client.get("/_bench/bare").status_code == 404
    (tmp_path / "bench").mkdir()
    bench = make_app(tmp_path / "bench", BENCHMARK_BARE_ENDPOINT=True).test_client()
    assert bench.get("/_bench/bare").text == "ok"


def test_a_section_marked_done_or_a_registry_mark_changes_the_report_key(client, app, filled):
    from webapp.models import SectionDone

    assessment_id, _, url = filled
    etags = [client.get(url).headers["ETag"]]
    with app.app_context():
        db.session.query(SectionDone).filter_by(assessment_id=assessment_id).delete()
        db.session.commit()
    etags.append(client.get(url).headers["ETag"])
    with app.app_context():
        db.session.execute(update(Answer).where(Answer.assessment_id == assessment_id,
                                                Answer.question_id == "vendor_home")
                           .values(registry_mark={"partner": "Huawei", "source": "The brief",
                                             "as_of": "2024-01-01", "answer": "china"}))
        db.session.commit()
    page = client.get(url)
    etags.append(page.headers["ETag"])
    assert len(set(etags)) == 3
    assert "From the partner registry (Huawei)" in page.text


def test_links_follow_the_mount_point_on_cached_pages(client):
    """Behind a proxy that mounts the app under a path, every link carries it, also on pages
    and links built before for the root."""
    at_root = client.get("/method").text
    mounted = client.get("/method", base_url="http://localhost/weighbridge").text
    assert 'href="/static/style.css"' in at_root
    assert 'href="/weighbridge/static/style.css"' in mounted
    assert 'href="/static/' not in mounted


def test_compressed_pages_follow_the_mount_point(client, filled):
    """A cached page's compressed bytes are kept per page: the report and the method page
    mounted under a path are not served the root's compressed copy."""
    try:
        from compression import zstd  # Python 3.14
    except ImportError:
        from backports import zstd

    _, _, url = filled
    for path in ["/method", url]:
        for base in ("http://localhost/", "http://localhost/weighbridge", "http://localhost/"):
            plain = client.get(path, base_url=base, headers={"Accept-Encoding": "identity"})
            packed = client.get(path, base_url=base, headers={"Accept-Encoding": "zstd"})
            assert packed.headers["Content-Encoding"] == "zstd"
            assert zstd.decompress(packed.data) == plain.data, (path, base)
