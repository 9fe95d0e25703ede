"""The dbt unit tests (`unit_tests:` in the model YAML), without the chain: on an empty
build database. dbt reads the column types of a unit-tested model's inputs from the
database, so the raw tables (empty, from the source contracts), the seeds and the upstream
models (`--empty`: no rows) are built first in a temporary database."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from orchestration.sources.boundaries import load_boundaries
from orchestration.sources.contracts import all_contracts
from orchestration.sources.ingest import ingest_source
from tests.conftest import REPO_ROOT, subprocess_environment

DBT = Path(sys.executable).with_name("dbt")


def _dbt(arguments: list[str], db: Path, target: Path):
    import subprocess

    return subprocess.run(
        [
            str(DBT),
            *arguments,
            "--target-path",
            str(target / "target"),
            "--log-path",
            str(target / "logs"),
        ],
        cwd=REPO_ROOT / "dbt_project",
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
        env=subprocess_environment(
            {
                "LLO_BUILD_DB": str(db),
                "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
                "DBT_VERSION_CHECK": "false",
            }
        ),
    )


@pytest.fixture(scope="module")
def empty_build_db(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("dbt_unit")
    landing = root / "landing"
    landing.mkdir()
    db = root / "build.duckdb"
    for contract in all_contracts().values():
        ingest_source(db, contract, landing, log=lambda _: None)  # creates the empty table
    load_boundaries(db, landing, log=lambda _: None)
    done = _dbt(
        [
            "build",
            "--select",
            "+test_type:unit",
            "--exclude-resource-type",
            "test",
            "unit_test",
            "--empty",
        ],
        db,
        root,
    )
    assert done.returncode == 0, done.stdout[-4000:]
    return db, root


def test_dbt_unit_tests_pass(empty_build_db):
    db, root = empty_build_db
    done = _dbt(["test", "--select", "test_type:unit"], db, root)
    assert done.returncode == 0, done.stdout[-4000:]
    assert "PASS=" in done.stdout and " ERROR=0" in done.stdout, done.stdout[-2000:]
