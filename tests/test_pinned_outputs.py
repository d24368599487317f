"""A refactor changes no output: `weighbridge assess` on every example and calibration file
(and on the examples with answers made unknown) prints exactly what it printed when the
outputs were pinned (tests/pinned/regenerate.py)."""

from __future__ import annotations

import pytest

from .pinned.regenerate import assess_output, input_files, output_path

FILES = input_files()


def test_every_input_has_a_stored_output():
    assert len(FILES) >= 24 + 12
    missing = [p.name for p in FILES if not output_path(p).exists()]
    assert not missing, f"no stored output for {missing}: run tests/pinned/regenerate.py"


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_output_is_byte_identical(path):
    stored = output_path(path).read_text(encoding="utf-8")
    assert assess_output(path) == stored, (
        f"`weighbridge assess {path.name}` changed; if an issue asks for it, run "
        "tests/pinned/regenerate.py and say why in the commit")
