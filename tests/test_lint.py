"""ruff and mypy are clean on the extraction side's modules, and ruff on the tests (pyproject.toml holds their
settings). Skipped where the tools are not installed (pip install -e '.[test]' installs them)."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from test_architecture import NOT_YET  # noqa: E402

MINE = [str(p) for p in sorted((ROOT / "src" / "polemos").rglob("*.py"))
        if str(p.relative_to(ROOT / "src" / "polemos")) not in NOT_YET | {"__init__.py"}]


def _tool(name):
    path = shutil.which(name, path=str(Path(sys.executable).parent))
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def test_ruff_is_clean():
    run = subprocess.run([_tool("ruff"), "check", *MINE], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]


def test_ruff_is_clean_on_the_tests():
    run = subprocess.run([_tool("ruff"), "check", "tests"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]


@pytest.mark.slow
def test_mypy_is_clean():
    run = subprocess.run([_tool("mypy"), *MINE], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]
