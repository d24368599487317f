"""Security headers, the session cookie's attributes and the reverse-proxy settings.

Every response gets a Content-Security-Policy that allows scripts, styles and images from this
site only (no inline script or style anywhere in the templates), refuses framing, and keeps the
referrer to this site. Behind HTTPS (directly, or a proxy that says so through
X-Forwarded-Proto with ``WEIGHBRIDGE_PROXIES`` set) the session cookie is Secure and HSTS is sent.
"""

from __future__ import annotations

from flask import Flask, Response, request, send_from_directory
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure when configured so, or whenever the request came by HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def register(app: Flask) -> None:
    """Wire the headers, the cookie policy, ProxyFix and the favicon into the app."""
    proxies = int(app.config.get("PROXIES") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,  # type: ignore
                                x_host=proxies, x_port=proxies, x_prefix=proxies)
    app.session_interface = HttpsAwareSessionInterface()
    hsts = int(app.config.get("HSTS_SECONDS") or 0)

    @app.after_request
    def add_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if hsts and request.is_secure:
            response.headers.setdefault("Strict-Transport-Security",
                                        f"max-age={hsts}; includeSubDomains")
        return response

    @app.route("/favicon.ico")
    def favicon():
        return send_from_directory(app.static_folder or "static", "favicon.ico",
                                   mimetype="image/vnd.microsoft.icon", max_age=86400)
