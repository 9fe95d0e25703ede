"""The pipeline's bookkeeping tables, in schema ``pipeline`` of the build database.

This module is the only place that creates, reads or writes them (writer; readers):

- ``pipeline.ingest_log``: written by ingestion, one row per file loaded or revised; read by
  ingestion (skip unchanged files), batch planning, freshness checks, the landing-zone sensor
  and dbt (``stg_pipeline__ingest_log``).
- ``pipeline.sources``: written by ingestion, one row per source, from its contract; read by dbt
  (``stg_pipeline__sources``).
- ``pipeline.transform_log``: written by the dbt asset, one row per successful build; read by
  batch planning.
- ``pipeline.check_results``: written by the GX asset checks, one row per suite run; read by dbt
  (``stg_pipeline__check_results``).

Writers pass their own connection, so a write can share the transaction of the data it
describes (ingestion logs a file in the transaction that loads it). Readers take a
connection too (read-only is fine) and treat a missing table as empty.

Build databases made before this schema existed kept these tables in ``raw`` with a leading
underscore (``raw._ingest_log``). :func:`ensure` moves them into ``pipeline`` on the first
write; until then the readers fall back to the old tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

SCHEMA = "pipeline"
LEGACY_SCHEMA = "raw"

INGEST_LOG = f"{SCHEMA}.ingest_log"
SOURCES = f"{SCHEMA}.sources"
TRANSFORM_LOG = f"{SCHEMA}.transform_log"
CHECK_RESULTS = f"{SCHEMA}.check_results"

_COLUMNS = {
    "ingest_log": (
        "source varchar, period varchar, file_path varchar, file_sha256 varchar, "
        "row_count bigint, action varchar, revision integer, loaded_at timestamptz, "
        "file_size bigint, file_mtime_ns bigint"
    ),
    "sources": (
        "source varchar primary key, title varchar, period_kind varchar, "
        "expected_latest_period varchar, expected_period_count integer"
    ),
    "transform_log": (
        "started_at timestamptz, finished_at timestamptz, dbt_args varchar, checksums varchar"
    ),
    "check_results": (
        "check_name varchar, target varchar, passed boolean, severity varchar, "
        "evaluated integer, failed integer, details varchar, checked_at timestamptz"
    ),
}


def _exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return (
        con.execute(
            "select count(*) from information_schema.tables "
            "where table_catalog = current_database() "
            "and table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
        > 0
    )


def _readable(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """The table to read: ``pipeline.<table>``, else the old ``raw._<table>``, else None."""
    if _exists(con, SCHEMA, table):
        return f"{SCHEMA}.{table}"
    if _exists(con, LEGACY_SCHEMA, f"_{table}"):
        return f"{LEGACY_SCHEMA}._{table}"
    return None


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    """Create schema ``pipeline`` and its tables; move the old ``raw._<table>`` rows in."""
    con.execute(f"create schema if not exists {SCHEMA}")
    for table, columns in _COLUMNS.items():
        if _exists(con, SCHEMA, table):
            continue
        con.execute(f"create table {SCHEMA}.{table} ({columns})")
        if _exists(con, LEGACY_SCHEMA, f"_{table}"):
            con.execute(
                f"insert into {SCHEMA}.{table} by name select * from {LEGACY_SCHEMA}._{table}"
            )
            con.execute(f"drop table {LEGACY_SCHEMA}._{table}")


@contextmanager
def reading(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """A read-only connection to the build database, or None when it does not exist yet."""
    if not db_path.exists():
        yield None
        return
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def writing(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to the build database with the bookkeeping tables in place."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path))
    try:
        ensure(con)
        yield con
    finally:
        con.close()


# --- ingest log and sources ---------------------------------------------------------------


@dataclass(frozen=True)
class LoadedFile:
    """The file a period was last loaded from."""

    source: str
    period: str
    file_path: str
    sha256: str
    revision: int
    size: int | None
    mtime_ns: int | None


def record_load(
    con: duckdb.DuckDBPyConnection,
    *,
    source: str,
    period: str,
    file_path: str,
    sha256: str,
    rows: int,
    action: str,
    revision: int,
    size: int | None = None,
    mtime_ns: int | None = None,
) -> None:
    """One file loaded ('loaded') or replacing an earlier file of its period ('revised')."""
    con.execute(
        f"insert into {INGEST_LOG} (source, period, file_path, file_sha256, row_count, action, "
        "revision, loaded_at, file_size, file_mtime_ns) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            source,
            period,
            file_path,
            sha256,
            rows,
            action,
            revision,
            datetime.now(UTC),
            size,
            mtime_ns,
        ],
    )


def loaded_files(
    con: duckdb.DuckDBPyConnection | None, source: str | None = None
) -> dict[tuple[str, str], LoadedFile]:
    """Per (source, period): the file loaded last, and the number of its revision."""
    table = _readable(con, "ingest_log") if con is not None else None
    if table is None:
        return {}
    columns = {row[0] for row in con.execute(f"describe {table}").fetchall()}
    size = "arg_max(file_size, loaded_at)" if "file_size" in columns else "null"
    mtime = "arg_max(file_mtime_ns, loaded_at)" if "file_mtime_ns" in columns else "null"
    where, parameters = ("and source = ?", [source]) if source is not None else ("", [])
    rows = con.execute(
        f"select source, period, arg_max(file_path, loaded_at), arg_max(file_sha256, loaded_at), "
        f"max(revision), {size}, {mtime} from {table} "
        f"where action in ('loaded', 'revised') {where} group by source, period",
        parameters,
    ).fetchall()
    return {(row[0], row[1]): LoadedFile(*row) for row in rows}


def last_loaded(con: duckdb.DuckDBPyConnection | None, source: str) -> dict[str, tuple[str, int]]:
    """Per period of one source, the checksum and revision of the file loaded last."""
    return {
        period: (loaded.sha256, loaded.revision)
        for (_, period), loaded in loaded_files(con, source).items()
    }


def periods_loaded_since(
    con: duckdb.DuckDBPyConnection, sources: Iterable[str], since: datetime
) -> list[str]:
    """The periods of these sources loaded or revised after ``since``."""
    table = _readable(con, "ingest_log")
    sources = list(sources)
    if table is None or not sources:
        return []
    placeholders = ", ".join("?" for _ in sources)
    return [
        row[0]
        for row in con.execute(
            f"select distinct period from {table} where source in ({placeholders}) "
            "and action in ('loaded', 'revised') and loaded_at > ? order by period",
            [*sources, since],
        ).fetchall()
    ]


def record_source(
    con: duckdb.DuckDBPyConnection,
    *,
    source: str,
    title: str,
    period_kind: str,
    expected_latest_period: str,
    expected_period_count: int,
) -> None:
    """What a source's contract expects (replaces the source's earlier row)."""
    con.execute(f"delete from {SOURCES} where source = ?", [source])
    con.execute(
        f"insert into {SOURCES} values (?, ?, ?, ?, ?)",
        [source, title, period_kind, expected_latest_period, expected_period_count],
    )


# --- transform log ------------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    started_at: datetime
    dbt_args: str
    checksums: dict[str, str]


def last_build(con: duckdb.DuckDBPyConnection) -> Build | None:
    """The latest successful dbt build, or None when none was recorded."""
    table = _readable(con, "transform_log")
    if table is None:
        return None
    row = con.execute(
        f"select started_at, dbt_args, checksums from {table} order by started_at desc limit 1"
    ).fetchone()
    if row is None:
        return None
    return Build(row[0], row[1], json.loads(row[2]))


def record_build(
    con: duckdb.DuckDBPyConnection,
    *,
    started_at: datetime,
    dbt_args: list[str],
    checksums: dict[str, str],
) -> None:
    """A successful dbt build and the incremental models' checksums it ran with."""
    con.execute(
        f"insert into {TRANSFORM_LOG} values (?, ?, ?, ?)",
        [started_at, datetime.now(UTC), " ".join(dbt_args), json.dumps(checksums, sort_keys=True)],
    )


# --- check results ------------------------------------------------------------------------


def record_check(
    con: duckdb.DuckDBPyConnection,
    *,
    check_name: str,
    target: str,
    passed: bool,
    severity: str,
    evaluated: int,
    failed: int,
    details: str | None,
) -> None:
    """One quality check run: 'ok', 'warning' (only warnings failed) or 'error' (blocking)."""
    con.execute(
        f"insert into {CHECK_RESULTS} values (?, ?, ?, ?, ?, ?, ?, ?)",
        [check_name, target, passed, severity, evaluated, failed, details, datetime.now(UTC)],
    )
