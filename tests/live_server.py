"""A real ``weighbridge serve`` (gunicorn) in a subprocess, and a small cookie-keeping HTTP
client that posts forms with their CSRF token as a browser does."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """``weighbridge serve`` on a free loopback port; stopped with ``stop()``."""

    def __init__(self, database_url: str, folder: Path, workers: int = 1,
                 env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(folder / "server.log", "w")  # noqa: SIM115 - closed in stop()
        environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "live-test",
                       **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "webapp.cli", "serve", "--port", str(self.port),
             "--workers", str(workers)],
            cwd=folder, env=environment, stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_until_up()

    def wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server stopped: {self.read_log()}")
            try:
                urllib.request.urlopen(self.url + "/favicon.ico", timeout=2).read()
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        raise RuntimeError(f"the server did not start: {self.read_log()}")

    def workers(self) -> list[int]:
        """The process ids of gunicorn's workers (the master's children)."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def read_log(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text()[-3000:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Browser:
    """Cookies and CSRF tokens kept between requests; redirects not followed."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), self._NoRedirect)

    def get(self, path: str) -> tuple[int, str, dict[str, str]]:
        return self._open(urllib.request.Request(self.base + path))

    def post_form(self, path: str, data: dict, timeout: float = 30) -> tuple[int, str, dict]:
        """Load the page for its CSRF token, then post ``data`` with it."""
        _, page, _ = self.get(path)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**data, "csrf_token": token}, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST")
        return self._open(request, timeout)

    def _open(self, request, timeout: float = 30):
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), dict(error.headers)
