"""Pages under load: gunicorn (2 workers) on loopback, 16 connections, each page against a bare
endpoint of the same app in the same run.

Run by hand: `python benchmarks/load.py [--duration 10] [--rounds 3] [--postgres URL]`. It
seeds a fresh database with the examples (SQLite in a temporary folder, or a schema of its own
on PostgreSQL, dropped at the end), starts gunicorn with ``BENCHMARK_BARE_ENDPOINT=1`` and
drives each page with wrk (Debian package `wrk`: one C thread, event-driven, so it takes little
of the CPU the two workers need), sending the Accept-Encoding a browser sends. Every page is
measured between two runs of the bare endpoint and its ratio is to their mean. It prints, per
page, requests per second, p50 and p95 latency, the ratio and the target. Targets (issue 9,
part 7): every page p95 <= 100 ms; method >= 0.50; list and wizard step >= 0.25; report >= 0.10.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.seed import seed  # noqa: E402

ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium and Firefox send
BARE = "/_bench/bare"

LUA = r"""
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS"), "%S+") do paths[#paths + 1] = p end
local bust = os.getenv("BENCH_BUST") or ""
local etag = os.getenv("BENCH_IF_NONE_MATCH") or ""
local counter = 0
wrk.headers["Accept-Encoding"] = os.getenv("BENCH_ACCEPT_ENCODING")
if etag ~= "" then wrk.headers["If-None-Match"] = etag end
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")

request = function()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  if bust ~= "" then
    -- a query no earlier request had: a first view, never a repeat
    path = path .. "?" .. bust .. "=" .. string.format("%.6f", 1 + counter / 1000000)
  end
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def database(postgres: str | None):
    """A database URL for the run: SQLite in a temporary folder, or a PostgreSQL schema of its
    own, dropped afterwards."""
    if not postgres:
        folder = Path(tempfile.mkdtemp(prefix="weighbridge-load-"))
        try:
            yield f"sqlite:///{folder / 'bench.sqlite'}"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from webapp.config import normalise_database_url

    base = normalise_database_url(postgres)
    schema = f"wb_bench_{uuid.uuid4().hex[:10]}"
    engine = create_engine(base)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


@contextmanager
def server(url: str, port: int, workers: int, worker_class: str, cache_dir: str,
           code: str | None = None):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(DATABASE_URL=url, SECRET_KEY="benchmark", BENCHMARK_BARE_ENDPOINT="1",
               WEIGHBRIDGE_CACHE_DIR=cache_dir)
    if code:
        env["PYTHONPATH"] = str(Path(code).resolve())
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers),
               "--worker-class", worker_class, "--bind", f"127.0.0.1:{port}",
               "--log-level", "warning", "webapp.app:create_app()"]
    process = subprocess.Popen(command, cwd=code or ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(port, BARE)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.2)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


#: the signed-in session's cookie, set by sign_in() once the server runs
COOKIE = {"value": ""}


def sign_in(port: int) -> None:
    """Sign in through the form as the seeded account; keep the session cookie for wrk."""
    import http.cookiejar
    import re
    import urllib.parse

    from benchmarks.seed import PASSWORD, USERNAME

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"http://127.0.0.1:{port}/login", timeout=30).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "username": USERNAME,
                                   "password": PASSWORD, "next": ""}).encode()
    opener.open(f"http://127.0.0.1:{port}/login", data=body, timeout=30).read()
    # a page with the sign-out form puts the session's CSRF secret in the cookie, as a
    # browser's next request would carry it; wrk then sends that cookie unchanged
    opener.open(f"http://127.0.0.1:{port}/method", timeout=30).read()
    COOKIE["value"] = "; ".join(f"{c.name}={c.value}" for c in jar)
    status, _, _ = fetch(port, "/")
    if status != 200:
        raise SystemExit(f"signing in as {USERNAME} failed: / gave {status}")


def fetch(port: int, path: str, headers: dict[str, str] | None = None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                     headers={"Accept-Encoding": ACCEPT_ENCODING,
                                              "Cookie": COOKIE["value"], **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:  # 304 and the like
        return error.code, dict(error.headers), error.read()


def wrk(port: int, paths: list[str], seconds: float, connections: int, script: Path,
        bust: str = "", if_none_match: str = "") -> dict:
    env = {**os.environ, "BENCH_PATHS": " ".join(paths), "BENCH_BUST": bust,
           "BENCH_IF_NONE_MATCH": if_none_match, "BENCH_ACCEPT_ENCODING": ACCEPT_ENCODING,
           "BENCH_COOKIE": COOKIE["value"]}
    output = subprocess.run(
        ["wrk", "--threads", "1", "--connections", str(connections), "--duration",
         f"{round(seconds)}s", "--timeout", "10s", "--script", str(script),
         f"http://127.0.0.1:{port}"], env=env, capture_output=True, text=True, check=True)
    line = next(x for x in output.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT "):])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


#: the issue's targets: (share of the bare endpoint's req/s at least, p95 at most in ms)
TARGETS = {"list": 0.25, "wizard": 0.25, "method": 0.50, "report": 0.10}
P95_TARGET_MS = 100


def cases(port: int, ids: list[int], rulebase) -> list[dict]:
    """The pages measured: what a user asks for, and the expected status."""
    from webapp.engine import clean_answers
    from webapp.questionnaire.steps import steps

    examples = [json.loads(p.read_text())["answers"]
                for p in sorted((ROOT / "examples").glob("*.json"))]
    step_paths = [f"/assessments/{i}/step/{s.id}" for i, answers in zip(ids, examples, strict=True)
                  for s in steps(rulebase, clean_answers(answers, rulebase.bank))]
    reports = [f"/assessments/{i}/report" for i in ids]
    first = rulebase.concern_ids[0]
    _, method_headers, _ = fetch(port, "/method")
    _, report_headers, _ = fetch(port, reports[0])
    return [
        {"page": "list /", "paths": ["/"], "target": "list"},
        {"page": "wizard step (every step of each example)", "paths": step_paths,
         "target": "wizard"},
        {"page": "method /method", "paths": ["/method"], "target": "method"},
        {"page": "method, If-None-Match (304)", "paths": ["/method"],
         "if_none_match": method_headers.get("ETag", ""), "status": 304},
        {"page": "report, first view (new weights each time)", "paths": reports,
         "bust": f"w_{first}", "target": "report"},
        {"page": "report, repeat view (from the cache)", "paths": reports},
        {"page": "report, If-None-Match (304)", "paths": reports[:1],
         "if_none_match": report_headers.get("ETag", ""), "status": 304},
    ]


def check(port: int, case: dict) -> str:
    """Fetch the case's first path once as wrk will: the status and body size, as a note."""
    path = case["paths"][0] + (f"?{case['bust']}=1.5" if case.get("bust") else "")
    headers = {"If-None-Match": case["if_none_match"]} if case.get("if_none_match") else {}
    status, response_headers, body = fetch(port, path, headers)
    expected = case.get("status", 200)
    if status != expected:
        return f"status {status}, expected {expected}"
    encoding = response_headers.get("Content-Encoding", "identity")
    return f"{status}, {len(body):,} bytes {encoding}"


def measure(port: int, case: dict, args, script: Path) -> dict:
    options = {"bust": case.get("bust", ""), "if_none_match": case.get("if_none_match", "")}
    wrk(port, case["paths"], args.warmup, args.connections, script, **options)
    return wrk(port, case["paths"], args.duration, args.connections, script, **options)


def run_round(port: int, pages: list[dict], args, script: Path) -> list[dict]:
    """Each page between two runs of the bare endpoint; its ratio is to their mean, so that a
    machine busier at one moment than another skews no page."""
    bare_case = {"page": "bare endpoint", "paths": [BARE]}
    bare = [measure(port, bare_case, args, script)]
    rows = []
    for case in pages:
        result = measure(port, case, args, script)
        bare.append(measure(port, bare_case, args, script))
        result["ratio"] = result["rps"] / ((bare[-2]["rps"] + bare[-1]["rps"]) / 2)
        rows.append(result)
        print(f"  {case['page']}: {result['rps']:.0f} req/s, {result['ratio']:.2f} of bare",
              file=sys.stderr)
    bare_mean = sum(b["rps"] for b in bare) / len(bare)
    for b in bare:
        b["ratio"] = b["rps"] / bare_mean
    return [_merge_bare(bare), *rows]


def _merge_bare(bare: list[dict]) -> dict:
    merged = dict(bare[0])
    for key in ("rps", "p50_us", "p95_us", "ratio"):
        merged[key] = statistics.median(b[key] for b in bare)
    merged["status_errors"] = sum(b["status_errors"] for b in bare)
    merged["socket_errors"] = sum(b["socket_errors"] for b in bare)
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds before each page")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every page this many times; the table shows medians")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--postgres", help="a PostgreSQL URL (a schema of its own is used)")
    parser.add_argument("--code", help="serve the app from this checkout instead (it must "
                        "have the bare endpoint), to compare with the same load and database")
    parser.add_argument("--only", default="", help="measure only pages whose name contains "
                        "this (and the bare endpoint)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")

    from webapp.engine import load_rulebase
    from webapp.paths import rules_directory

    rulebase = load_rulebase(rules_directory(None))
    work = Path(tempfile.mkdtemp(prefix="weighbridge-wrk-"))
    script = work / "bench.lua"
    script.write_text(LUA)
    with database(args.postgres) as url:
        ids = seed(url)
        port = free_port()
        with server(url, port, args.workers, args.worker_class, str(work), args.code):
            sign_in(port)
            pages = [c for c in cases(port, ids, rulebase) if args.only in c["page"]]
            notes = [check(port, case) for case in pages]
            rounds = [run_round(port, pages, args, script) for _ in range(args.rounds)]
    shutil.rmtree(work, ignore_errors=True)
    table = [{"page": "bare endpoint"}, *pages]
    report(table, rounds, ["", *notes], args, "postgresql" if args.postgres else "sqlite")


def report(pages: list[dict], rounds: list[list[dict]], notes: list[str], args,
           database_kind: str) -> None:
    print(f"\ngunicorn {args.workers} {args.worker_class} workers, wrk {args.connections} "
          f"connections, {args.duration} s per page, {args.rounds} round(s) (medians), "
          f"{database_kind}\n")
    print("| page | req/s | p50 ms | p95 ms | ratio to bare | target | errors | response |")
    print("| --- | ---: | ---: | ---: | ---: | --- | ---: | --- |")
    for k, (case, note) in enumerate(zip(pages, notes, strict=True)):
        results = [r[k] for r in rounds]
        rps, ratio = (statistics.median(r[key] for r in results) for key in ("rps", "ratio"))
        p50, p95 = (statistics.median(r[key] for r in results) / 1000
                    for key in ("p50_us", "p95_us"))
        errors = sum(r["status_errors"] + r["socket_errors"] for r in results)
        target = TARGETS.get(case.get("target", ""))
        goal = ""
        if case["page"] != "bare endpoint":
            met = p95 <= P95_TARGET_MS and (target is None or ratio >= target)
            goal = (f">= {target:.2f}, " if target else "") + f"p95 <= {P95_TARGET_MS}: " + (
                "met" if met else "not met")
        print(f"| {case['page']} | {rps:.0f} | {p50:.1f} | {p95:.1f} | {ratio:.2f} | {goal} | "
              f"{errors} | {note} |")


if __name__ == "__main__":
    main()
