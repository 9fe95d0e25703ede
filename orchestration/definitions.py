"""The only place where Dagster ``Definitions`` are built."""

from __future__ import annotations

import os

import dagster as dg

from orchestration.defs.automation.schedules import source_jobs_and_schedules, weekly_schedule
from orchestration.defs.automation.sensors import landing_zone_sensor, run_failure_alert_sensor
from orchestration.defs.ingestion.assets import ingestion_assets
from orchestration.defs.quality.checks import freshness_checks, gx_checks, raw_gx_checks
from orchestration.defs.serving.assets import build_publish_asset, rollback_serving_job
from orchestration.defs.transformation.assets import (
    MANIFEST,
    build_dbt_assets,
    dbt_resource,
    mart_model_names,
)
from orchestration.sources.contracts import all_contracts

os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("TQDM_DISABLE", "1")


def build_definitions() -> dg.Definitions:
    warehouse = build_dbt_assets()
    from dagster_dbt import get_asset_key_for_model

    mart_keys = {name: get_asset_key_for_model([warehouse], name) for name in mart_model_names()}
    publish_asset = build_publish_asset(list(mart_keys.values()))

    refresh_warehouse_job = dg.define_asset_job(
        name="refresh_warehouse_job",
        selection=dg.AssetSelection.all(),
        description=(
            "The whole chain: ingest the landing zone, dbt build, GX checks, publish the "
            "checked marts to the serving database."
        ),
    )
    audit_and_publish_job = dg.define_asset_job(
        name="audit_and_publish_job",
        selection=dg.AssetSelection.assets(publish_asset)
        | dg.AssetSelection.checks_for_assets(*mart_keys.values()),
        description=(
            "Write-audit-publish without rebuilding: run every GX check on the marts as they "
            "are in the build database, and publish only if none blocks."
        ),
    )
    sources = sorted(all_contracts())
    source_jobs, source_schedules = source_jobs_and_schedules(sources)
    return dg.Definitions(
        assets=[*ingestion_assets(), warehouse, publish_asset],
        asset_checks=[
            *gx_checks(mart_keys, MANIFEST),
            *raw_gx_checks(all_contracts().values()),
            *freshness_checks(all_contracts().values()),
        ],
        jobs=[refresh_warehouse_job, audit_and_publish_job, *source_jobs, rollback_serving_job],
        schedules=[weekly_schedule(refresh_warehouse_job), *source_schedules],
        sensors=[landing_zone_sensor, run_failure_alert_sensor],
        resources={"dbt": dbt_resource()},
        # One process per run: DuckDB allows a single writer per file, so steps that write
        # the build database must not run side by side (and process start-up is costly).
        executor=dg.in_process_executor,
    )


defs = build_definitions()
