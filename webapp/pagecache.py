"""Pages rendered once and served again: a small per-process LRU of rendered HTML, ETags that
let a browser's repeat view be answered with 304, and compression done once per page.

A page is cached under a key that names everything it shows (the caller builds it); its ETag
is derived from that key, so any worker can answer ``If-None-Match`` without rendering. Pages
are never cached while a flashed message waits to be shown (the message belongs to one user's
next page, not to the cached copy).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Response, current_app, g, request, session

from .engine.core.lru import LRU  # noqa: F401 (the web app's caches import it from here)

#: Marks the compression-cache keys of cached pages; other responses are compressed afresh.
COMPRESS_KEY_PREFIX = "weighbridge-page:"


@dataclass(frozen=True)
class Page:
    """A rendered page: its bytes and a digest that names them (their SHA-256, or the key of
    a page whose key names all it shows)."""

    body: bytes
    digest: str


def fingerprint(*parts: Any) -> str:
    """A short stable hash of JSON-able parts (dates and other values by their text)."""
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def build_id(version: str, ruleset: str, templates: Path) -> str:
    """What cached pages and their ETags depend on besides their own data: the app's version,
    its templates (their bytes) and the rule set's fingerprint."""
    digest = hashlib.sha256(f"{version}\0{ruleset}".encode())
    for path in sorted(templates.rglob("*.html")):
        digest.update(str(path.relative_to(templates)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def render_page(html: str, digest: str | None = None) -> Page:
    body = html.encode()
    return Page(body, digest or hashlib.sha256(body).hexdigest())


def flashes_pending() -> bool:
    """A flashed message waits: the page must be rendered for this user, not served cached.
    (Without a session cookie there is none, and the session is not even opened.)"""
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        return False
    return bool(session.get("_flashes"))


def matching_tag(etag: str) -> str | None:
    """The tag of ``If-None-Match`` that names this ETag (compression adds a suffix such as
    ``:gzip`` to a strong one), or None: the browser's copy is not current."""
    for tag in request.if_none_match.as_set(include_weak=True):
        if tag == etag or tag.startswith(etag + ":"):
            return tag
    return None


def respond(page: Page, etag: str, weak: bool = False) -> Response:
    """The cached page with its ETag; browsers revalidate before reusing their copy."""
    response = Response(page.body, mimetype="text/html")
    response.set_etag(etag, weak=weak)
    response.headers["Cache-Control"] = "no-cache"
    g.compress_key = COMPRESS_KEY_PREFIX + page.digest
    return response


def unchanged(tag: str, weak: bool = False) -> Response:
    """304 Not Modified for a browser whose copy (``tag``) is current."""
    response = Response(status=304)
    response.set_etag(tag, weak=weak)
    response.headers["Cache-Control"] = "no-cache"
    return response


def cached(cache: LRU, key: Hashable, render: Callable[[], str | tuple[str, int]],
           etag: str | None = None, weak: bool = False) -> Response:
    """Serve the page cached under ``key`` (rendered now if missing), or 304.

    ``etag`` defaults to the SHA-256 of the page (strong); pass one derived from ``key`` (weak)
    to answer 304 without the page. ``render`` may return (html, status): only a 200 page is
    cached."""
    if flashes_pending():
        return _uncached(render())
    if etag is not None and (tag := matching_tag(etag)):
        return unchanged(tag, weak)
    key = (key, request.script_root)  # links in the page include the app's mount point
    page = cache.get(key)
    if page is None:
        rendered = render()
        if isinstance(rendered, tuple) and rendered[1] != 200:
            return _uncached(rendered)
        # An ETag from the key names the page already (with where the app is mounted): its
        # bytes need no hashing, which for a report seen once is most of what caching costs.
        page = render_page(rendered[0] if isinstance(rendered, tuple) else rendered,
                           None if etag is None else f"key:{etag}:{request.script_root}")
        cache.set(key, page)
    if etag is None:
        etag = page.digest[:32]
        if tag := matching_tag(etag):
            return unchanged(tag)
    return respond(page, etag, weak)


def _uncached(rendered: str | tuple[str, int]) -> Response:
    html, status = rendered if isinstance(rendered, tuple) else (rendered, 200)
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-cache"
    return response


def session_key() -> list[Any]:
    """What a page differs by between people: who is signed in (name and role in the header)
    and their session's CSRF token (in the sign-out form), for the key of a cached page."""
    from flask_login import current_user
    from flask_wtf.csrf import generate_csrf

    generate_csrf()  # the session's token exists before the key is read
    who = ([current_user.id, current_user.name, current_user.role, current_user.team_id]
           if current_user and current_user.is_authenticated else None)
    return [who, session.get("csrf_token")]
