"""dbt conventions, checked with PyPI tools (dbt hub packages cannot be installed offline):
dbt-score (metadata lint), dbt-coverage (documentation and test coverage), sqlfluff
(SQL lint with the dbt templater, config in dbt_project/.sqlfluff). The thresholds are
the project's current level: they stop regressions."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from orchestration.defs.transformation.assets import DBT_EXECUTABLE, ensure_manifest
from tests.conftest import REPO_ROOT, SESSION_ROOT, background_command

pytestmark = pytest.mark.slow

DBT_DIR = REPO_ROOT / "dbt_project"
BIN = Path(sys.executable).parent


def _run(command: list[str], env: dict[str, str] | None = None, **kwargs):
    return subprocess.run(
        command,
        cwd=DBT_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=1200,
        **kwargs,
    )


def test_dbt_score_metadata_lint():
    manifest = ensure_manifest()
    result = _run(
        [
            str(BIN / "dbt-score"),
            "lint",
            "--manifest",
            str(manifest),
            "--fail-project-under",
            "8.0",
            "--fail-any-item-under",
            "6.0",
        ]
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


@pytest.fixture(scope="module")
def catalog_dir(published_chain, tmp_path_factory) -> Path:
    """catalog.json of the session's chain run and the parsed manifest. The chain has built
    every model, so the catalog is read from its build database without compiling the project
    again (`--no-compile`, which writes no manifest): dbt-coverage reads the documented and
    tested columns, which the manifest of `make manifest` (dbt parse) holds as well."""
    target = tmp_path_factory.mktemp("dbt_docs")
    result = _run(
        [str(DBT_EXECUTABLE), "docs", "generate", "--no-compile", "--target-path", str(target)],
        env={"LLO_BUILD_DB": str(published_chain.build_db)},
    )
    assert result.returncode == 0, result.stdout[-3000:]
    shutil.copy2(ensure_manifest(), target / "manifest.json")
    return target


@pytest.mark.parametrize(
    ("coverage", "path_filter", "minimum"),
    [
        ("doc", "models/marts", 1.0),  # every published column documented
        ("doc", None, 0.5),
        ("test", None, 0.15),
    ],
)
def test_dbt_coverage(catalog_dir, coverage, path_filter, minimum):
    command = [
        str(BIN / "dbt-coverage"),
        "compute",
        coverage,
        "--project-dir",
        ".",
        "--run-artifacts-dir",
        str(catalog_dir),
        "--cov-fail-under",
        str(minimum),
        "--cov-report",
        str(catalog_dir / f"coverage-{coverage}.json"),
    ]
    if path_filter:
        command += ["--model-path-filter", path_filter]
    result = _run(command)
    assert result.returncode == 0, result.stdout[-3000:]


# sqlfluff over every model needs nothing from the other tests: it runs in the background
# from the start of the session (tests/conftest.py, background_command) while the chain runs.
sqlfluff_models = background_command(
    "sqlfluff_models",
    [str(BIN / "sqlfluff"), "lint", "models"],
    cwd=DBT_DIR,
    env={
        # the dbt templater connects, so give it an empty database of its own
        "LLO_BUILD_DB": str(SESSION_ROOT / "sqlfluff_lint.duckdb"),
        "LLO_DBT_EXECUTABLE": str(DBT_EXECUTABLE),
    },
)


def test_sqlfluff_lint_with_dbt_templater(sqlfluff_models):
    # every statement is parsed (no `ignore = parsing`) and only a short list of core
    # rules is excluded, each explained in dbt_project/.sqlfluff
    config = configparser.ConfigParser()
    config.read(DBT_DIR / ".sqlfluff")
    assert "ignore" not in config["sqlfluff"]
    excluded = [rule.strip() for rule in config["sqlfluff"]["exclude_rules"].split(",")]
    assert len(excluded) <= 4, excluded
    print(f"\nsqlfluff lint models: {sqlfluff_models.seconds} s (in the background)")
    assert sqlfluff_models.returncode == 0, sqlfluff_models.output[-4000:]


def test_no_duckdb_only_sql_outside_marked_macros(tmp_path):
    """Adapter portability (Spark through dbt-spark is the planned distributed target):
    DuckDB-only syntax only in duckdb__ macros of macros/cross_database/ that have a
    portable alternative."""
    result = _run([sys.executable, "scripts/check_portability.py"])
    assert result.returncode == 0, result.stdout[-4000:]
    assert result.stdout.startswith("portable")

    # and the check fails on DuckDB-only syntax in a model, naming file, line and construct
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "macros" / "cross_database").mkdir(parents=True)
    (project / "models" / "m.sql").write_text(
        "{# arg_max( in a comment is fine #}\nselect\n    'qualify' as word,\n"
        "    arg_max(a, b) as c\nfrom t\nqualify row_number() over () = 1\n"
    )
    (project / "macros" / "cross_database" / "x.sql").write_text(
        "{% macro duckdb__x() %}list_value(1){% endmacro %}\n"
    )
    result = _run([sys.executable, str(DBT_DIR / "scripts" / "check_portability.py"), str(project)])
    assert result.returncode == 1
    assert "models/m.sql:4: arg_max/arg_min" in result.stdout
    assert "models/m.sql:6: qualify" in result.stdout
    assert "models/m.sql:3" not in result.stdout and "models/m.sql:1" not in result.stdout
    assert "duckdb__x has no default__x or spark__x" in result.stdout
