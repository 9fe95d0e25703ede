"""The bookkeeping tables: one owner (orchestration/bookkeeping.py), schema `pipeline`."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from orchestration import bookkeeping

REPO_ROOT = Path(__file__).resolve().parents[2]
TABLES = ("ingest_log", "sources", "transform_log", "check_results")


def _tables(con, schema: str) -> set[str]:
    return {
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables where table_schema = ?", [schema]
        ).fetchall()
    }


def test_ensure_creates_the_schema_and_is_idempotent(tmp_path):
    con = duckdb.connect(str(tmp_path / "build.duckdb"))
    bookkeeping.ensure(con)
    bookkeeping.ensure(con)
    assert _tables(con, "pipeline") == set(TABLES)
    assert _tables(con, "raw") == set()


def test_ingest_log_round_trip(tmp_path):
    con = duckdb.connect(str(tmp_path / "build.duckdb"))
    bookkeeping.ensure(con)
    before = datetime.now(UTC) - timedelta(seconds=1)
    bookkeeping.record_load(
        con,
        source="ebb",
        period="2024Q1",
        file_path="ebb/a.parquet",
        sha256="a",
        rows=10,
        action="loaded",
        revision=1,
        size=5,
        mtime_ns=7,
    )
    bookkeeping.record_load(
        con,
        source="ebb",
        period="2024Q1",
        file_path="ebb/a.parquet",
        sha256="b",
        rows=11,
        action="revised",
        revision=2,
        size=6,
        mtime_ns=8,
    )
    bookkeeping.record_load(
        con,
        source="nss",
        period="2024",
        file_path="nss/n.sav",
        sha256="c",
        rows=3,
        action="loaded",
        revision=1,
    )
    assert bookkeeping.last_loaded(con, "ebb") == {"2024Q1": ("b", 2)}
    latest = bookkeeping.loaded_files(con)[("ebb", "2024Q1")]
    assert (latest.sha256, latest.size, latest.mtime_ns) == ("b", 6, 8)
    assert set(bookkeeping.loaded_files(con)) == {("ebb", "2024Q1"), ("nss", "2024")}
    assert bookkeeping.periods_loaded_since(con, ["ebb", "polis"], before) == ["2024Q1"]
    assert bookkeeping.periods_loaded_since(con, ["ebb"], datetime.now(UTC)) == []


def test_transform_log_and_check_results(tmp_path):
    db = tmp_path / "build.duckdb"
    with bookkeeping.reading(db) as con:
        assert con is None  # no build database yet
    with bookkeeping.writing(db) as con:
        assert bookkeeping.last_build(con) is None
        started = datetime.now(UTC)
        bookkeeping.record_build(
            con, started_at=started, dbt_args=["--full-refresh"], checksums={"m": "1"}
        )
        bookkeeping.record_check(
            con,
            check_name="gx_m",
            target="m",
            passed=False,
            severity="warning",
            evaluated=3,
            failed=1,
            details="x",
        )
    with bookkeeping.reading(db) as con:
        build = bookkeeping.last_build(con)
        assert (build.dbt_args, build.checksums) == ("--full-refresh", {"m": "1"})
        assert con.execute(
            f"select check_name, severity, failed from {bookkeeping.CHECK_RESULTS}"
        ).fetchall() == [("gx_m", "warning", 1)]


def test_tables_of_an_older_build_database_move_from_raw(tmp_path):
    """Build databases from before the `pipeline` schema kept the tables in `raw`."""
    db = tmp_path / "build.duckdb"
    loaded_at = datetime(2025, 1, 1, tzinfo=UTC)
    con = duckdb.connect(str(db))
    con.execute("create schema raw")
    con.execute(
        "create table raw._ingest_log (source varchar, period varchar, "
        "file_path varchar, file_sha256 varchar, row_count bigint, action varchar, "
        "revision integer, loaded_at timestamptz)"
    )
    con.execute(
        "insert into raw._ingest_log values "
        "('ebb', '2024Q1', 'ebb/a.parquet', 'a', 10, 'loaded', 1, ?)",
        [loaded_at],
    )
    con.execute(
        "create table raw._transform_log (started_at timestamptz, "
        "finished_at timestamptz, dbt_args varchar, checksums varchar)"
    )
    con.execute(
        "insert into raw._transform_log values (?, ?, '', '{\"m\": \"1\"}')", [loaded_at, loaded_at]
    )
    con.execute(
        "create table raw._sources (source varchar primary key, title varchar, "
        "period_kind varchar, expected_latest_period varchar, "
        "expected_period_count integer)"
    )
    con.execute("insert into raw._sources values ('ebb', 'EBB', 'quarter', '2024Q4', 48)")
    con.execute(
        "create table raw._value_labels (source varchar, column_name varchar, "
        "code varchar, label varchar)"
    )
    con.close()

    # read-only readers see the old tables until the first write moves them
    with bookkeeping.reading(db) as con:
        assert bookkeeping.last_loaded(con, "ebb") == {"2024Q1": ("a", 1)}
        assert bookkeeping.last_build(con).checksums == {"m": "1"}

    with bookkeeping.writing(db) as con:
        assert _tables(con, "raw") == {"_value_labels"}  # source data stays in raw
        assert _tables(con, "pipeline") == set(TABLES)
        loaded = bookkeeping.loaded_files(con)[("ebb", "2024Q1")]
        assert (loaded.sha256, loaded.size) == ("a", None)
        assert bookkeeping.last_build(con).started_at == loaded_at
        assert con.execute(
            f"select source, expected_period_count from {bookkeeping.SOURCES}"
        ).fetchall() == [("ebb", 48)]


def _code_strings(path: Path) -> list[str]:
    """String constants of a module that are not docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_only_the_bookkeeping_module_names_its_tables():
    owner = REPO_ROOT / "orchestration" / "bookkeeping.py"
    offenders = []
    for folder in ("orchestration", "expectations"):
        for path in (REPO_ROOT / folder).rglob("*.py"):
            if path == owner or "node_modules" in path.parts:
                continue
            for text in _code_strings(path):
                if any(
                    table in text
                    for table in ("ingest_log", "transform_log", "check_results", "pipeline.")
                ):
                    offenders.append(f"{path.relative_to(REPO_ROOT)}: {text[:60]!r}")
    assert offenders == []
