"""``url_for`` for templates, remembered: a page builds the same few dozen links on every view
(the stylesheet, the menu, each rule's anchor on the method page), and building one takes
Werkzeug's routing a while. A link depends only on the endpoint, its values and where the app
is mounted, so each is built once per worker. External links (which name the host) and links
relative to the current blueprint are built each time."""

from __future__ import annotations

from typing import Any

from flask import Flask, has_request_context, request

from .pagecache import LRU


def install(app: Flask) -> None:
    build = app.url_for
    links = LRU(4096)

    def url_for(endpoint: str, **values: Any) -> str:
        if (endpoint.startswith(".") or "_external" in values or "_scheme" in values
                or not has_request_context()):
            return build(endpoint, **values)
        try:
            key = (request.script_root, endpoint, tuple(sorted(values.items())))
            hash(key)
        except TypeError:  # a value that cannot be a key (a list of values)
            return build(endpoint, **values)
        link = links.get(key)
        if link is None:
            link = build(endpoint, **values)
            links.set(key, link)
        return link

    app.jinja_env.globals["url_for"] = url_for
