"""The site's header (name, menu, who is signed in, the sign-out form) rendered once per person
and session in each worker: the same on every page they see, and a visible part of a light
page's time when rendered each time."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from .extensions import get_build
from .pagecache import LRU

TEMPLATE = "_site_header.html"


def install(app: Flask) -> None:
    headers = LRU(4096)

    def site_header() -> Markup:
        """The header for whoever is signed in (or nobody)."""
        who = None
        token = ""
        if current_user and current_user.is_authenticated:
            team = current_user.team.name if current_user.team else None
            who = (current_user.id, current_user.name, current_user.role, team)
            if current_app.config.get("WTF_CSRF_ENABLED", True):
                token = generate_csrf()
        return headers.get_or_make(
            (get_build(), request.script_root, who, token),
            lambda: Markup(current_app.jinja_env.get_template(TEMPLATE).render(
                current_user=current_user, config=current_app.config,
                csrf_token=generate_csrf)))

    app.jinja_env.globals["site_header"] = site_header
