"""Time the command line as a user starts it: `weighbridge --help`, `weighbridge assess` on one
example file (JSON), and `import webapp.engine`, each as a fresh process.

Run by hand: `python benchmarks/cli.py [--runs 20]`. Targets (issue 7): assess <= 0.5 s wall,
--help <= 0.2 s, on the project's 2-core machine. Prints median and slowest per command.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def command() -> list[str]:
    installed = Path(sys.executable).with_name("weighbridge")
    if installed.exists():
        return [str(installed)]
    return [shutil.which("weighbridge") or "weighbridge"]


def wall(args: list[str], runs: int, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT, env=env)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    example = ROOT / "examples" / "rural_access_network_ldc.json"
    cases = [
        ("weighbridge --help", [*command(), "--help"], 0.2),
        ("weighbridge assess (one example, JSON)", [*command(), "assess", str(example)], 0.5),
        ("python -c 'import webapp.engine'", [sys.executable, "-c", "import webapp.engine"],
         None),
    ]
    # As an installed Python runs: bytecode cached in __pycache__. (This sandbox sets
    # PYTHONDONTWRITEBYTECODE, which would make every run compile the sources again.)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    print(f"{'command':<42}{'median s':>10}{'slowest s':>11}{'target s':>10}")
    for name, argv, target in cases:
        wall(argv, 2, env)  # warm the file, bytecode and parsed-rules caches
        times = wall(argv, args.runs, env)
        print(f"{name:<42}{statistics.median(times):>10.3f}{max(times):>11.3f}"
              f"{(f'{target:.1f}' if target else '-'):>10}")


if __name__ == "__main__":
    main()
