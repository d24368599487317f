"""A package that installs: the wheel carries the rule base, the templates and the scripts, and
the installed command finds its rules away from the source checkout (or says how to point it
at them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, timeout=600)
    [built] = out.glob("weighbridge-*.whl")
    return built


def test_the_wheel_holds_the_rules_templates_and_scripts(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "rules").glob("*.yaml"):
        assert f"webapp/rules/{path.name}" in names, path.name
    for sub in ("templates", "static"):
        for path in (ROOT / "webapp" / sub).rglob("*"):
            if path.is_file():
                assert f"webapp/{path.relative_to(ROOT / 'webapp').as_posix()}" in names
    assert "webapp/engine/qtypes/date.py" in names


def run_installed(site: Path, *args: str) -> subprocess.CompletedProcess:
    """The weighbridge command from an unpacked wheel, run away from the source checkout."""
    env = {k: v for k, v in os.environ.items() if k != "WEIGHBRIDGE_RULES_DIR"}
    env["PYTHONPATH"] = str(site)
    return subprocess.run([sys.executable, "-c", "from webapp.cli import main; main()", *args],
                          cwd=site.parent, env=env, capture_output=True, text=True, timeout=120)


def test_the_installed_command_finds_its_rules(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    check = run_installed(site, "rules", "check")
    assert check.returncode == 0, check.stderr
    assert "135 rules" in check.stdout or " rules; examples:" in check.stdout
    example = ROOT / "examples" / "rural_access_network_ldc.json"
    assessed = run_installed(site, "assess", str(example), "--format", "text")
    assert assessed.returncode == 0 and assessed.stdout.startswith("Verdict: ")


def test_without_rules_it_names_the_variable_to_set(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    shutil.rmtree(site / "webapp" / "rules")
    result = run_installed(site, "rules", "check")
    assert result.returncode == 1
    assert "WEIGHBRIDGE_RULES_DIR" in result.stderr and "Traceback" not in result.stderr
