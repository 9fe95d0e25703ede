"""``superset_config`` is a package both venvs import, and its scripts run as modules.

The Superset venv (``.venv-superset``) is separate from the pipeline venv; provisioning runs
there as ``python -m superset_config.provision`` from the repository root (Makefile,
docker-compose.yml), the bundle generators in the pipeline venv.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE = REPO_ROOT / "superset_config"
MODULES = sorted(
    path.stem for path in PACKAGE.glob("*.py") if path.stem not in {"__init__", "superset_config"}
)
PYTHONS = {
    "pipeline": Path(sys.executable),
    "superset": REPO_ROOT / ".venv-superset" / "bin" / "python",
}


def test_no_module_edits_sys_path():
    for module in MODULES:
        assert "sys.path" not in (PACKAGE / f"{module}.py").read_text(encoding="utf-8"), module


@pytest.mark.parametrize("venv", sorted(PYTHONS))
def test_every_module_imports_and_the_scripts_run_as_modules(venv):
    python = PYTHONS[venv]
    if not python.exists():
        pytest.skip(f"{python} is missing; run make setup")
    imports = "; ".join(f"import superset_config.{module}" for module in MODULES)
    for command in (
        ["-c", imports],
        ["-m", "superset_config.provision", "--help"],
        ["-m", "superset_config.bundle", "--help"],
    ):
        done = subprocess.run(
            [str(python), *command],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, (venv, command, done.stderr[-2000:])
