"""The layout is kept by the build: ``make lint`` runs ``lint-imports`` on the contracts of ``pyproject.toml``
(layers ``lms`` ← ``quizzes`` ← ``courses`` ← ``certificates`` ← ``reporting`` ← ``demo``; no app imports
reporting or demo; views import no other app's models). An import that breaks a contract fails it."""

import re
import subprocess
import sys
import tomllib
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports() -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_make_lint_runs_the_import_contracts():
    lint = re.search(r"^lint:.*?(?=^\S|\Z)", (ROOT / "Makefile").read_text(), re.S | re.M).group(0)
    assert "lint-imports" in lint


def test_the_tree_keeps_every_contract():
    result = lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(("folder", "line", "contract"), [
    ("lms", "import certificates.models", "Layers"),  # the ground floor reading an upper one
    ("quizzes", "from courses import selectors", "Layers"),
    ("courses", "from reporting import queries", "No app imports reporting or demo"),
    ("certificates", "import demo.loader", "No app imports reporting or demo"),
])
def test_an_import_that_breaks_a_contract_fails_lint(folder, line, contract):
    probe = ROOT / folder / f"_layers_probe_{uuid.uuid4().hex[:8]}.py"
    probe.write_text(f'"""Temporary module written by tests/lms/test_layers.py."""\n\n{line}  # noqa: F401\n')
    try:
        result = lint_imports()
    finally:
        probe.unlink()
    assert result.returncode != 0
    assert f"{contract}" in result.stdout and "BROKEN" in result.stdout
    assert probe.stem in result.stdout  # the report names the offending module


def test_every_views_module_has_its_contract():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    guarded = {source for contract in config["contracts"] if contract["name"].startswith("Views:")
               for source in contract["source_modules"]}
    views = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for package in config["root_packages"]
        for path in (ROOT / package).rglob("*views.py")
        if "migrations" not in path.parts
    }
    assert views and views <= guarded, sorted(views - guarded)
