"""The serving database for Superset: published only from checked marts."""

import dagster as dg

from orchestration.defs.serving import publish as publishing
from orchestration.defs.serving.publish import PublishRefused, publish, rollback
from orchestration.settings import get_settings

SERVING_KEY = dg.AssetKey(["serving", "llo_radar"])


def build_publish_asset(mart_keys: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key=SERVING_KEY,
        deps=mart_keys,
        group_name="serving",
        kinds={"duckdb"},
        description=(
            "Write-audit-publish: the output check (no person keys, no unsuppressed small "
            "cells, rounded person counts, no value recovered exactly by the disclosure "
            "attacks of orchestration/defs/serving/attacks.py), then a copy of schema "
            "`marts` into a new DuckDB file that replaces the serving database atomically. "
            "Runs only when every blocking dbt test and GX check upstream passed."
        ),
    )
    def publish_serving_database(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        settings = get_settings()
        try:
            counts = publish(settings.build_db, settings.serving_db, settings.previous_serving_db)
        except PublishRefused as refused:
            raise dg.Failure(description=str(refused), metadata=_attack_metadata()) from None
        context.log.info(f"published {len(counts)} table(s) to {settings.serving_db}")
        return dg.MaterializeResult(
            metadata={
                "serving_db": dg.MetadataValue.path(str(settings.serving_db)),
                "tables": len(counts),
                "rows": sum(counts.values()),
                **{f"rows.{table}": rows for table, rows in counts.items()},
                **_attack_metadata(),
            }
        )

    return publish_serving_database


def _attack_metadata() -> dict[str, dg.MetadataValue]:
    """The disclosure attacks of the last publish attempt: per attack and table."""
    outcomes = publishing.last_attack_outcomes
    lines = [
        "| attack | table | cells tried | candidates | recovered | example |",
        "|---|---|---:|---:|---:|---|",
        *(
            f"| {o.attack} | {o.table} | {len(o.tried)} | {len(o.candidates)} | "
            f"{len(o.recovered)} | {o.example} |"
            for o in outcomes
        ),
    ]
    return {
        "disclosure_attacks": dg.MetadataValue.md("\n".join(lines)),
        "disclosure_attacks.cells_tried": sum(len(o.tried) for o in outcomes),
        "disclosure_attacks.candidates": sum(len(o.candidates) for o in outcomes),
        "disclosure_attacks.recovered": sum(len(o.recovered) for o in outcomes),
    }


@dg.op(description="Put the previously published serving database back (atomic swap).")
def rollback_serving_database(context: dg.OpExecutionContext) -> None:
    settings = get_settings()
    rollback(settings.serving_db, settings.previous_serving_db)
    context.log.info(f"{settings.serving_db} is the previously published version again")


@dg.job(description="Roll the serving database back to the previous publication.")
def rollback_serving_job():
    rollback_serving_database()
