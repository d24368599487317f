"""``weighbridge serve``: the app under gunicorn (a production WSGI server), or Flask's own
server with the reloader for development.

The app is built once in gunicorn's master process (rules loaded and checked, migrations
applied under their lock) before the workers are forked, so a broken rule base or database
stops the server at once with the reason, rather than in every worker.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask


def default_workers() -> int:
    """Gunicorn's usual advice, 2 per core plus 1, capped at 8 (each worker holds the rules)."""
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def serve_production(app: Flask, host: str, port: int, workers: int, timeout: int = 60) -> None:
    """Run ``app`` under gunicorn with ``workers`` sync workers until interrupted."""
    from gunicorn.app.base import BaseApplication

    from .extensions import db

    def post_fork(server: Any, worker: Any) -> None:
        # Connections opened in the master (migrations) must not be shared with workers.
        with app.app_context():
            db.engine.dispose(close=False)

    class Server(BaseApplication):
        def load_config(self) -> None:
            settings = {"bind": f"{host}:{port}", "workers": workers, "timeout": timeout,
                        "accesslog": "-", "errorlog": "-", "post_fork": post_fork,
                        "forwarded_allow_ips": "127.0.0.1,::1",
                        # gunicorn 27's control socket is one per user: two servers would share it
                        "control_socket_disable": True}
            for key, value in settings.items():
                if key in self.cfg.settings:
                    self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    Server().run()
