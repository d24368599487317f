"""Pages under load: gunicorn (2 workers) on loopback, 16 connections, each page against a bare
endpoint of the same app in the same run.

Run by hand: `python benchmarks/load.py [--duration 10] [--postgres URL]`. It seeds a fresh
database with the examples (SQLite in a temporary folder, or a schema of its own on PostgreSQL,
dropped at the end), starts gunicorn with ``BENCHMARK_BARE_ENDPOINT=1`` and drives each page
with wrk (Debian package `wrk`: one C thread, event-driven, so it takes little of the CPU the two
workers need), sending the Accept-Encoding a browser sends. It prints, per page, requests per
second, p50 and p95 latency and the ratio to the bare endpoint (measured first and last; the
ratio uses their mean). Targets (issue 9, part 7): every page p95 <= 100 ms; method >= 0.50;
list and wizard step >= 0.25; report >= 0.10.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
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
def server(url: str, port: int, workers: int, worker_class: str, cache_dir: str):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(DATABASE_URL=url, SECRET_KEY="benchmark", BENCHMARK_BARE_ENDPOINT="1",
               WEIGHBRIDGE_CACHE_DIR=cache_dir)
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers),
               "--worker-class", worker_class, "--bind", f"127.0.0.1:{port}",
               "--log-level", "warning", "webapp.app:create_app()"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
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


def fetch(port: int, path: str, headers: dict[str, str] | None = None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                     headers={"Accept-Encoding": ACCEPT_ENCODING,
                                              **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:  # 304 and the like
        return error.code, dict(error.headers), error.read()


def wrk(port: int, paths: list[str], seconds: float, connections: int, script: Path,
        bust: str = "", if_none_match: str = "") -> dict:
    env = {**os.environ, "BENCH_PATHS": " ".join(paths), "BENCH_BUST": bust,
           "BENCH_IF_NONE_MATCH": if_none_match, "BENCH_ACCEPT_ENCODING": ACCEPT_ENCODING}
    output = subprocess.run(
        ["wrk", "--threads", "1", "--connections", str(connections), "--duration",
         f"{round(seconds)}s", "--timeout", "10s", "--script", str(script),
         f"http://127.0.0.1:{port}"], env=env, capture_output=True, text=True, check=True)
    line = next(x for x in output.stdout.splitlines() if x.startswith("RESULT "))
    result = json.loads(line[len("RESULT "):])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


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
        {"page": "bare endpoint", "paths": [BARE]},
        {"page": "list /", "paths": ["/"]},
        {"page": "wizard step (every step, each example)", "paths": step_paths},
        {"page": "method /method", "paths": ["/method"]},
        {"page": "method, If-None-Match (304)", "paths": ["/method"],
         "if_none_match": method_headers.get("ETag", ""), "status": 304},
        {"page": "report, first view (new weights each time)", "paths": reports,
         "bust": f"w_{first}"},
        {"page": "report, repeat view", "paths": reports},
        {"page": "report, If-None-Match (304)", "paths": reports[:1],
         "if_none_match": report_headers.get("ETag", ""), "status": 304},
        {"page": "bare endpoint (again)", "paths": [BARE]},
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds before each page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--postgres", help="a PostgreSQL URL (a schema of its own is used)")
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
        with server(url, port, args.workers, args.worker_class, str(work)):
            rows = []
            for case in cases(port, ids, rulebase):
                if args.only not in case["page"] and case["paths"] != [BARE]:
                    continue
                note = check(port, case)
                options = {"bust": case.get("bust", ""),
                           "if_none_match": case.get("if_none_match", "")}
                wrk(port, case["paths"], args.warmup, args.connections, script, **options)
                result = wrk(port, case["paths"], args.duration, args.connections, script,
                             **options)
                rows.append((case, result, note))
                print(f"  {case['page']}: {result['rps']:.0f} req/s", file=sys.stderr)
    shutil.rmtree(work, ignore_errors=True)
    report(rows, args, "postgresql" if args.postgres else "sqlite")


def report(rows: list, args, database_kind: str) -> None:
    bare = [r["rps"] for c, r, _ in rows if c["paths"] == [BARE]]
    yardstick = sum(bare) / len(bare)
    print(f"\ngunicorn {args.workers} {args.worker_class} workers, {args.connections} "
          f"connections, {args.duration:g} s per page, {database_kind}; bare endpoint "
          f"{' and '.join(f'{b:.0f}' for b in bare)} req/s (ratio to their mean)\n")
    print("| page | req/s | p50 ms | p95 ms | ratio to bare | errors | response |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for case, r, note in rows:
        errors = r["status_errors"] + r["socket_errors"]
        print(f"| {case['page']} | {r['rps']:.0f} | {r['p50_us'] / 1000:.1f} | "
              f"{r['p95_us'] / 1000:.1f} | {r['rps'] / yardstick:.2f} | {errors} | {note} |")


if __name__ == "__main__":
    main()
