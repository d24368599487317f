"""Every page carries the security headers; the session cookie is SameSite=Lax, HttpOnly, and
Secure with HSTS when the site is reached by HTTPS (directly or through a trusted proxy)."""

from __future__ import annotations

import re

import pytest

from webapp.security import HEADERS

from .conftest import example_answers, make_app
from .wizard_helpers import new_assessment, walk

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"\sstyle\s*=|<style[\s>]", re.I)


def every_page(client, app) -> list[str]:
    """One address of each kind a user meets, with an assessment filled in."""
    assessment_id = new_assessment(client)
    walk(client, assessment_id, example_answers("rural_access_network_ldc.json"))
    rulebase = app.extensions["weighbridge_rules"]
    steps = [f"/assessments/{assessment_id}/step/{s.id}" for s in rulebase.bank.sections]
    return ["/", "/assessments/new", f"/assessments/{assessment_id}/", *steps,
            f"/assessments/{assessment_id}/report",
            f"/assessments/{assessment_id}/report?profile=rights_led&w_rights=3",
            f"/assessments/{assessment_id}/report?profile=bogus",
            "/method", "/method?concern=rights", "/no/such/page", "/favicon.ico",
            "/static/style.css", "/static/conditions.js"]


def test_every_page_has_the_security_headers_and_no_inline_code(client, app):
    for url in every_page(client, app):
        response = client.get(url)
        assert response.status_code < 500, url
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (url, name)
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP
        if response.mimetype == "text/html":
            html = response.text
            assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html).group())
            assert not INLINE_HANDLER.search(html), (url, INLINE_HANDLER.search(html).group())
            assert not INLINE_STYLE.search(html), (url, INLINE_STYLE.search(html).group())


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def session_cookie(response) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies, "no session cookie was set"
    return cookies[0]


def set_session(client, **kwargs):
    """A page whose form puts a CSRF token in the session, so the cookie is set."""
    return client.get("/assessments/new", **kwargs)


@pytest.fixture
def csrf_client(tmp_path):
    return make_app(tmp_path, WTF_CSRF_ENABLED=True).test_client()


def test_session_cookie_over_http_is_lax_and_httponly_not_secure(csrf_client):
    cookie = session_cookie(set_session(csrf_client))
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie
    assert "Secure" not in cookie


def test_over_https_the_cookie_is_secure_and_hsts_is_sent(tmp_path):
    csrf_client = make_app(tmp_path, WTF_CSRF_ENABLED=True).test_client(user=None)
    response = csrf_client.get("/login", base_url="https://weighbridge.example")
    assert "Secure" in session_cookie(response)
    page = csrf_client.get("/", base_url="https://weighbridge.example")
    assert page.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize("proxies, behind_https", [(0, False), (1, True)])
def test_forwarded_https_is_trusted_only_when_a_proxy_is_configured(tmp_path, proxies,
                                                                     behind_https):
    client = make_app(tmp_path, PROXIES=proxies, WTF_CSRF_ENABLED=True).test_client()
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "weighbridge.example",
                 "X-Forwarded-For": "203.0.113.9"}
    response = set_session(client, headers=forwarded)
    assert ("Secure" in session_cookie(response)) is behind_https
    assert ("Strict-Transport-Security" in response.headers) is behind_https
    # A form sent through the proxy is accepted (over HTTPS the CSRF check also wants the
    # referrer of the same site, which the Referrer-Policy keeps).
    referrer = {"Referer": "https://weighbridge.example/assessments/new"}
    saved = client.post("/assessments/new", headers=forwarded | referrer,
                        data={"title": "Behind a proxy", "csrf_token": csrf_token(response.text)})
    assert saved.status_code == 302 and saved.headers["Location"].startswith("/assessments/")


def test_hsts_can_be_turned_off(tmp_path):
    client = make_app(tmp_path, HSTS_SECONDS=0).test_client()
    page = client.get("/", base_url="https://weighbridge.example")
    assert "Strict-Transport-Security" not in page.headers
