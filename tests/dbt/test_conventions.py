"""dbt conventions, checked with PyPI tools (dbt hub packages cannot be installed offline):
dbt-score (metadata lint), dbt-coverage (documentation and test coverage), sqlfluff
(SQL lint with the dbt templater, config in dbt_project/.sqlfluff). The thresholds are
the project's current level: they stop regressions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.defs.transformation.assets import DBT_EXECUTABLE, ensure_manifest
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow

DBT_DIR = REPO_ROOT / "dbt_project"
BIN = Path(sys.executable).parent


def _run(command: list[str], env: dict[str, str] | None = None, **kwargs):
    return subprocess.run(command, cwd=DBT_DIR, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=1200, **kwargs)


def test_dbt_score_metadata_lint():
    manifest = ensure_manifest()
    result = _run([str(BIN / "dbt-score"), "lint", "--manifest", str(manifest),
                   "--fail-project-under", "8.0", "--fail-any-item-under", "6.0"])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


@pytest.fixture(scope="module")
def catalog_dir(published_chain, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("dbt_docs")
    result = _run([str(DBT_EXECUTABLE), "docs", "generate", "--target-path", str(target)],
                  env={"LLO_BUILD_DB": str(published_chain.build_db)})
    assert result.returncode == 0, result.stdout[-3000:]
    return target


@pytest.mark.parametrize(
    ("coverage", "path_filter", "minimum"),
    [
        ("doc", "models/marts", 1.0),   # every published column documented
        ("doc", None, 0.5),
        ("test", None, 0.15),
    ],
)
def test_dbt_coverage(catalog_dir, coverage, path_filter, minimum):
    command = [str(BIN / "dbt-coverage"), "compute", coverage, "--project-dir", ".",
               "--run-artifacts-dir", str(catalog_dir), "--cov-fail-under", str(minimum),
               "--cov-report", str(catalog_dir / f"coverage-{coverage}.json")]
    if path_filter:
        command += ["--model-path-filter", path_filter]
    result = _run(command)
    assert result.returncode == 0, result.stdout[-3000:]


def test_sqlfluff_lint_with_dbt_templater(published_chain):
    result = _run([str(BIN / "sqlfluff"), "lint", "models"],
                  env={"LLO_BUILD_DB": str(published_chain.build_db),
                       "LLO_DBT_EXECUTABLE": str(DBT_EXECUTABLE)})
    assert result.returncode == 0, result.stdout[-4000:]
