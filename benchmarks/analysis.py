"""Time the full analysis (headline, interval, evidence gaps, sensitivity, what would change).

Run by hand: `python benchmarks/analysis.py [--runs 200]`. Prints median and p95 per case:
every example as it is (complete), and each example with 6 and with 12 answers made unknown
(chosen with a fixed seed among the questions the rules read), each run from nothing (the
work the engine keeps for answers scored again is dropped first); and the same answers again
under new weights each run, as a report viewed under other weights is. Targets (issue:
decision analysis): <= 5 ms median complete, <= 20 ms median with 6 unknowns, on a 2-core
machine.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import time
from pathlib import Path

from webapp.engine import assess, load_rulebase

ROOT = Path(__file__).resolve().parent.parent


def with_unknowns(rulebase, answers: dict, count: int, seed: int) -> dict:
    candidates = [q for q in rulebase.relevant_questions
                  if q in answers and q not in rulebase.controllers]
    chosen = random.Random(seed).sample(candidates, count)
    return {**answers, **{q: "unknown" for q in chosen}}


def measure(rulebase, answers: dict, runs: int) -> tuple[float, float, float, dict]:
    """Median and p95 of the analysis of answers never seen (the work the engine keeps for
    answers scored again dropped before each run), and the median of the same answers again
    under new weights each time (what a report viewed under other weights costs)."""
    gc.collect()  # start each case clean, so one case's garbage is not timed in the next
    result = assess(rulebase, answers)  # warm-up: compiled tables, caches
    times = []
    for _ in range(runs):
        rulebase.forget_kept()
        start = time.perf_counter()
        assess(rulebase, answers)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    weights = dict(rulebase.profiles["balanced"].weights)
    again = []
    for run in range(runs):
        weights[rulebase.concern_ids[0]] = 1 + (run + 1) / 1000
        start = time.perf_counter()
        assess(rulebase, answers, weights=weights)
        again.append((time.perf_counter() - start) * 1000)
    return (statistics.median(times), times[int(0.95 * (len(times) - 1))],
            statistics.median(again), result.to_dict())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    rulebase = load_rulebase(ROOT / "rules")
    print(f"rule set {rulebase.fingerprint}: {len(rulebase.rules)} rules, "
          f"{len(rulebase.bank.questions)} questions; {args.runs} runs per case")
    print(f"{'case':<44}{'unknowns':>9}{'exact':>7}{'median ms':>11}{'p95 ms':>9}"
          f"{'again, new weights':>20}")
    summary: dict[int, list[float]] = {0: [], 6: [], 12: []}
    kept: dict[int, list[float]] = {0: [], 6: [], 12: []}
    for path in sorted((ROOT / "examples").glob("*.json")):
        answers = json.loads(path.read_text())["answers"]
        for count in (0, 6, 12):
            case = answers if count == 0 else with_unknowns(rulebase, answers, count, seed=count)
            median, p95, again, data = measure(rulebase, case, args.runs)
            summary[count].append(median)
            kept[count].append(again)
            print(f"{path.stem:<44}{count:>9}{str(data['interval_exact']):>7}"
                  f"{median:>11.2f}{p95:>9.2f}{again:>20.2f}")
    for count, medians in summary.items():
        print(f"all examples, {count:>2} unknowns: median of medians "
              f"{statistics.median(medians):.2f} ms, worst median {max(medians):.2f} ms; "
              f"again with new weights {statistics.median(kept[count]):.2f} ms")


if __name__ == "__main__":
    main()
