"""Which years the microbatch models rebuild in a refresh.

The heavy person-level models over Polis and the EBB (`lnk_polis_employment_cells`,
`lnk_ebb_joined_to_polis`) are dbt microbatch models: one batch per year. A refresh passes
dbt the range of years whose files were loaded or revised since the last successful dbt
build (from the ingestion log), so a new Polis year rebuilds that year, not twenty.

- The models do not exist yet (new build database): no window; dbt builds every batch.
- The SQL of an incremental model changed since the last build (manifest checksum), or no
  build was recorded: a full refresh of the incremental models.
- Nothing was delivered since: the latest year only (cheap, and dbt needs a window).

Every successful build is recorded in the transform log (`pipeline.transform_log`, see
`orchestration/bookkeeping.py`) with the checksums it ran with.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration import bookkeeping
from orchestration.bookkeeping import TRANSFORM_LOG  # noqa: F401 (tests read it)
from orchestration.sources.ingest import period_year

# Sources read by the microbatch models (their staging models declare event_time).
MICROBATCH_SOURCES = ("polis", "ebb")


@dataclass(frozen=True)
class BatchPlan:
    args: list[str]
    reason: str
    checksums: dict[str, str]


def incremental_model_checksums(manifest_path: Path) -> dict[str, str]:
    manifest = json.loads(manifest_path.read_text())
    return {
        node["name"]: node["checksum"]["checksum"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"].get("materialized") == "incremental"
    }


def _table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return (
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? "
            "and table_name = ?",
            [schema, table],
        ).fetchone()[0]
        > 0
    )


def plan_batches(db_path: Path, manifest_path: Path) -> BatchPlan:
    checksums = incremental_model_checksums(manifest_path)
    if not db_path.exists():
        return BatchPlan([], "nieuwe builddatabase: alle jaren", checksums)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        if not all(_table_exists(con, "linked", name) for name in checksums):
            return BatchPlan([], "incrementele modellen bestaan nog niet: alle jaren", checksums)
        last = bookkeeping.last_build(con)
        if last is None or last.checksums != checksums:
            return BatchPlan(
                ["--full-refresh"],
                "modelcode gewijzigd of geen eerdere build: alle jaren opnieuw",
                checksums,
            )
        periods = bookkeeping.periods_loaded_since(con, MICROBATCH_SOURCES, last.started_at)
        years = sorted({int(period_year(period)) for period in periods})
        reason = f"geleverd sinds vorige build: {', '.join(map(str, years))}"
        if not years:
            latest = con.execute(
                "select max(year) from linked.lnk_polis_employment_cells"
            ).fetchone()[0]
            years = [latest or datetime.now(UTC).year]
            reason = f"niets nieuw geleverd: alleen het laatste jaar {years[0]}"
        return BatchPlan(
            [
                "--event-time-start",
                f"{years[0]}-01-01",
                "--event-time-end",
                f"{years[-1] + 1}-01-01",
            ],
            reason,
            checksums,
        )
    finally:
        con.close()


def record_build(db_path: Path, plan: BatchPlan, started_at: datetime) -> None:
    with bookkeeping.writing(db_path) as con:
        bookkeeping.record_build(
            con, started_at=started_at, dbt_args=plan.args, checksums=plan.checksums
        )
