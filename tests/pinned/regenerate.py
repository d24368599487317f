"""Write the stored outputs that tests/test_pinned_outputs.py compares against.

Run only when a change is meant to change outputs (an issue says so), and say which in the
commit: `python tests/pinned/regenerate.py`. The inputs are every file in examples/ and
tests/calibration/, plus the examples with answers made unknown (tests/pinned/inputs/), so the
analysis of unknown answers is pinned too.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
INPUTS = HERE / "inputs"
OUTPUTS = HERE / "outputs"


def input_files() -> list[Path]:
    return (sorted((ROOT / "examples").glob("*.json"))
            + sorted((ROOT / "tests" / "calibration").glob("*.json"))
            + sorted(INPUTS.glob("*.json")))


def output_path(path: Path) -> Path:
    return OUTPUTS / f"{path.parent.name}__{path.stem}.json"


def assess_output(path: Path) -> str:
    """What `weighbridge assess FILE` prints (JSON), run in-process."""
    from click.testing import CliRunner

    from webapp.cli import main

    result = CliRunner().invoke(main, ["assess", str(path)], catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"{path}: exit {result.exit_code}: {result.output}")
    return result.output


def make_unknown_inputs() -> None:
    """The examples with 3 and 6 answers made unknown, chosen with a fixed seed among the
    answered questions that are not the first of their section (kept once written)."""
    for path in sorted((ROOT / "examples").glob("*.json")):
        answers = json.loads(path.read_text(encoding="utf-8"))["answers"]
        candidates = sorted(q for q, v in answers.items() if isinstance(v, str | list)
                            and q not in ("scenario_summary", "partner_name"))
        for count in (3, 6):
            target = INPUTS / f"{path.stem}__{count}_unknown.json"
            if target.exists():
                continue
            chosen = random.Random(f"{path.stem}{count}").sample(candidates, count)
            data = {"answers": {**answers, **{q: "unknown" for q in chosen}}}
            target.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    INPUTS.mkdir(exist_ok=True)
    OUTPUTS.mkdir(exist_ok=True)
    make_unknown_inputs()
    for path in input_files():
        output_path(path).write_text(assess_output(path), encoding="utf-8")
    print(f"wrote {len(input_files())} outputs to {OUTPUTS.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
