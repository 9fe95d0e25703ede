"""Sensors: new or changed files in the landing zone, and alerts on failed runs."""

import json
import os
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import duckdb

from orchestration import bookkeeping
from orchestration.defs.ingestion.assets import raw_asset_key
from orchestration.defs.ingestion.partitions import DELIVERY_YEARS, range_tags
from orchestration.settings import get_settings
from orchestration.sources.contracts import all_contracts
from orchestration.sources.ingest import period_year, sha256_of


def landing_files() -> dict[str, tuple[Path, os.stat_result]]:
    """Every delivered file (key source|period) with its size and modification time."""
    settings = get_settings()
    found = {}
    for contract in all_contracts().values():
        for period, path in contract.find_files(settings.landing_dir).items():
            found[f"{contract.source}|{period}"] = (path, path.stat())
    return found


def fingerprint(stat: os.stat_result) -> str:
    """A cheap fingerprint of a file: size and modification time."""
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def already_loaded(files: dict[str, tuple[Path, os.stat_result]]) -> dict[str, str]:
    """The fingerprints of the files the ingest log already holds: the file loaded last for
    its period, with the same size and modification time, or the same size and checksum
    (a copied or restored landing zone). Read when the sensor has no cursor yet, so its
    first tick after a build does not load the same files again."""
    with bookkeeping.reading(get_settings().build_db) as con:
        loaded = bookkeeping.loaded_files(con)
    known = {}
    for key, (path, stat) in files.items():
        source, period = key.split("|", 1)
        record = loaded.get((source, period))
        if record is None or record.size not in (None, stat.st_size):
            continue
        if record.mtime_ns == stat.st_mtime_ns or sha256_of(path) == record.sha256:
            known[key] = fingerprint(stat)
    return known


def refresh_selection(sources: list[str]) -> dg.AssetSelection:
    """The changed sources' ingestion and everything downstream of it, up to publish."""
    return dg.AssetSelection.assets(*[raw_asset_key(source) for source in sources]).downstream()


@dg.sensor(
    name="landing_zone_sensor",
    target=dg.AssetSelection.all(),
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Watches the landing zone. A new or changed file starts a run that ingests its "
        "source for the delivery years of the changed files (only new or changed periods "
        "are loaded) and refreshes everything downstream, up to publish. It starts from "
        "the files the ingest log already holds, so a freshly built warehouse is not "
        "loaded again."
    ),
)
def landing_zone_sensor(context: dg.SensorEvaluationContext):
    files = landing_files()
    current = {key: fingerprint(stat) for key, (_, stat) in files.items()}
    if context.cursor:
        previous = json.loads(context.cursor)
    else:
        try:
            previous = already_loaded(files)
        except duckdb.IOException as error:  # a run holds the build database's write lock
            return dg.SkipReason(
                f"build database in use, the landing zone is compared with "
                f"the ingest log at the next tick ({error})"
            )
    changed = sorted(key for key, value in current.items() if previous.get(key) != value)
    cursor = json.dumps(current, sort_keys=True)
    if not changed:
        if cursor != context.cursor:
            context.update_cursor(cursor)
        return dg.SkipReason("no new or changed files in the landing zone")
    sources = sorted({key.split("|")[0] for key in changed})
    # A file for a year without a partition still starts a run (its last or first year):
    # the ingestion asset then refuses it by name instead of the file going unnoticed.
    known = DELIVERY_YEARS.get_partition_keys()
    years = sorted(
        {min(max(period_year(key.split("|")[1]), known[0]), known[-1]) for key in changed}
    )
    context.update_cursor(cursor)
    return dg.RunRequest(
        run_key=json.dumps(changed),
        asset_selection=list(
            refresh_selection(sources).resolve(context.repository_def.asset_graph)
        ),
        tags={
            "llo_radar/trigger": "landing_zone",
            "llo_radar/files": ",".join(changed)[:4000],
            **range_tags(years),
        },
    )


def write_alert(message: dict) -> None:
    """Append the alert to the alert log; post it to the webhook when one is configured."""
    settings = get_settings()
    settings.alert_log.parent.mkdir(parents=True, exist_ok=True)
    with settings.alert_log.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(message, ensure_ascii=False) + "\n")
    url = os.environ.get("LLO_ALERT_WEBHOOK_URL")
    if url:
        request = urllib.request.Request(
            url,
            data=json.dumps(message).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        urllib.request.urlopen(request, timeout=10).close()


@dg.run_failure_sensor(
    name="run_failure_alert_sensor",
    default_status=dg.DefaultSensorStatus.RUNNING,
    monitor_all_code_locations=False,
    description="Writes an alert (log file, optional webhook) for every failed run.",
)
def run_failure_alert_sensor(context: dg.RunFailureSensorContext):
    write_alert(
        {
            "at": datetime.now(UTC).isoformat(),
            "run_id": context.dagster_run.run_id,
            "job": context.dagster_run.job_name,
            "status": "FAILURE",
            "message": context.failure_event.message,
            "failed_steps": [event.step_key for event in context.get_step_failure_events()],
        }
    )
