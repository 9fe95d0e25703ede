"""The serving database for Superset: published only from checked marts."""

import dagster as dg

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
            "cells, rounded person counts), then a copy of schema `marts` into a new DuckDB "
            "file that replaces the serving database atomically. Runs only when every "
            "blocking dbt test and GX check upstream passed."
        ),
    )
    def publish_serving_database(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        settings = get_settings()
        try:
            counts = publish(settings.build_db, settings.serving_db, settings.previous_serving_db)
        except PublishRefused as refused:
            raise dg.Failure(description=str(refused)) from None
        context.log.info(f"published {len(counts)} table(s) to {settings.serving_db}")
        return dg.MaterializeResult(
            metadata={
                "serving_db": dg.MetadataValue.path(str(settings.serving_db)),
                "tables": len(counts),
                "rows": sum(counts.values()),
                **{f"rows.{table}": rows for table, rows in counts.items()},
            }
        )

    return publish_serving_database


@dg.op(description="Put the previously published serving database back (atomic swap).")
def rollback_serving_database(context: dg.OpExecutionContext) -> None:
    settings = get_settings()
    rollback(settings.serving_db, settings.previous_serving_db)
    context.log.info(f"{settings.serving_db} is the previously published version again")


@dg.job(description="Roll the serving database back to the previous publication.")
def rollback_serving_job():
    rollback_serving_database()
