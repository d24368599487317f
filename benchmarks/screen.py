"""Time portfolio screening: `weighbridge screen FILE -o OUT` with the full analysis, no PDF.

Run by hand: `python benchmarks/screen.py [--rows 1000 10000] [--jobs 1 2]`. It writes a
portfolio of the largest size (fixed seed): each row one of the examples with up to four
answers changed to another option, subset or number and up to three made unknown, so the
rows are plausible and mostly distinct. The first N rows of that file make the smaller
sizes. Each case runs the installed command in a fresh process and reports projects per
second (wall clock, start-up included), the CPU time of every process (the command and its
workers) with projects per CPU-second (steadier than the wall clock on a shared machine), and
peak RSS (the largest process: the command or one
of its workers). Target (issue 12): >= 500 projects/s on the project's 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from webapp.engine import load_rulebase
from webapp.screening.cells import portfolio_csv

ROOT = Path(__file__).resolve().parent.parent
SEED = 12


def varied(rulebase, answers: dict, rng: random.Random) -> dict:
    """The answers with up to four changed and up to three made unknown."""
    answers = dict(answers)
    bank = rulebase.bank.questions
    candidates = [q for q in rulebase.relevant_questions
                  if bank[q].type in ("choice", "yesno", "multi", "number")]
    for qid in rng.sample(candidates, rng.randint(0, 4)):
        question = bank[qid]
        if question.type == "multi":
            options = list(question.option_ids)
            answers[qid] = sorted(rng.sample(options, rng.randint(0, min(3, len(options)))),
                                  key=options.index)
        elif question.type == "number":
            low = question.minimum if question.minimum is not None else 0
            high = question.maximum if question.maximum is not None else 500
            answers[qid] = round(rng.uniform(low, high))
        else:
            answers[qid] = rng.choice(question.option_ids)
    unknowable = [q for q in candidates if q not in rulebase.controllers and bank[q].unknown]
    for qid in rng.sample(unknowable, rng.randint(0, 3)):
        answers[qid] = "unknown"
    return answers


def make_portfolio(rulebase, rows: int, path: Path) -> None:
    rng = random.Random(SEED)
    examples = [(p.stem, json.loads(p.read_text()))
                for p in sorted((ROOT / "examples").glob("*.json"))]
    projects = []
    for n in range(rows):
        stem, data = rng.choice(examples)
        projects.append((f"P{n + 1:05d}", f"{data.get('title', stem)} (variant {n + 1})",
                         varied(rulebase, data["answers"], rng)))
    path.write_text(portfolio_csv(rulebase, projects), encoding="utf-8", newline="")


def head(path: Path, rows: int, target: Path) -> None:
    """The header and the first ``rows`` rows (one line each: the generator writes no line
    breaks inside cells)."""
    with path.open(encoding="utf-8", newline="") as source, \
            target.open("w", encoding="utf-8", newline="") as out:
        for n, line in enumerate(source):
            if n > rows:
                break
            out.write(line)


RUN = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - start, usage.ru_maxrss, code, usage.ru_utime + usage.ru_stime)
"""


def run_case(path: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    """(seconds, peak RSS in MB, CPU seconds of every process) of one screening in a fresh
    process."""
    command = [sys.executable, "-m", "webapp.cli", "screen", str(path), "-o", str(out),
               "--jobs", str(jobs)]
    text = subprocess.run([sys.executable, "-c", RUN, *command], capture_output=True,
                          text=True, check=True).stdout.split()
    if text[2] != "0":
        raise SystemExit(f"screening failed (exit {text[2]}): {' '.join(command)}")
    return float(text[0]), int(text[1]) / 1024, float(text[3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    rulebase = load_rulebase(ROOT / "rules")
    with tempfile.TemporaryDirectory(prefix="weighbridge-screen-") as tmp:
        work = Path(tmp)
        full = work / "portfolio.csv"
        started = time.perf_counter()
        make_portfolio(rulebase, max(args.rows), full)
        print(f"generated {max(args.rows):,} rows ({full.stat().st_size / 2**20:.1f} MB) in "
              f"{time.perf_counter() - started:.1f} s (seed {SEED})")
        print(f"{'rows':>7}{'jobs':>6}{'seconds':>10}{'projects/s':>12}{'CPU s':>8}"
              f"{'per CPU-s':>11}{'peak RSS MB':>13}")
        for rows in sorted(args.rows):
            path = full if rows == max(args.rows) else work / f"head{rows}.csv"
            if path != full:
                head(full, rows, path)
            for jobs in args.jobs:
                seconds, rss, cpu = run_case(path, work / f"out-{rows}-{jobs}", jobs)
                print(f"{rows:>7,}{jobs:>6}{seconds:>10.2f}{rows / seconds:>12.0f}{cpu:>8.1f}"
                      f"{rows / cpu:>11.0f}{rss:>13.0f}", flush=True)


if __name__ == "__main__":
    main()
