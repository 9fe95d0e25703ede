"""Schedules, the landing-zone sensor and the run-failure alert sensor."""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime

import dagster as dg
import pytest

from orchestration.definitions import defs


def test_schedules_follow_the_source_rhythm():
    schedules = {schedule.name: schedule for schedule in defs.schedules}
    assert schedules["quarterly_refresh_ebb_schedule"].cron_schedule == "0 6 15 2,5,8,11 *"
    assert schedules["yearly_refresh_polis_schedule"].cron_schedule == "0 6 1 7 *"
    assert "weekly_refresh_warehouse_schedule" in schedules
    for schedule in schedules.values():
        assert schedule.execution_timezone == "Europe/Amsterdam"
        assert defs.resolve_job_def(schedule.job_name) is not None


def test_biennial_forecast_schedule_skips_even_years():
    schedule = next(s for s in defs.schedules if s.name == "biennial_refresh_poa_schedule")

    odd = dg.build_schedule_context(scheduled_execution_time=datetime(2025, 1, 15, 6))
    even = dg.build_schedule_context(scheduled_execution_time=datetime(2026, 1, 15, 6))
    assert isinstance(schedule.evaluate_tick(odd).run_requests[0], dg.RunRequest)
    assert not schedule.evaluate_tick(even).run_requests


@pytest.fixture
def landing(published_chain, tmp_path):
    target = tmp_path / "landing"
    shutil.copytree(published_chain.landing / "ebb", target / "ebb")
    shutil.copytree(published_chain.landing / "poa", target / "poa")
    old = os.environ["LLO_LANDING_DIR"]
    os.environ["LLO_LANDING_DIR"] = str(target)
    yield target
    os.environ["LLO_LANDING_DIR"] = old


def _evaluate(sensor, cursor, instance):
    context = dg.build_sensor_context(
        instance=instance,
        cursor=cursor,
        repository_def=defs.get_repository_def(),
    )
    result = sensor.evaluate_tick(context)
    return result, context.cursor


def _landing_zone_sensor():
    return next(s for s in defs.sensors if s.name == "landing_zone_sensor")


def test_dropped_file_triggers_ingestion_of_its_source_and_the_downstream_refresh(landing):
    sensor = _landing_zone_sensor()
    with dg.instance_for_test() as instance:
        # the landing zone holds what the build database already loaded: nothing to do
        first, cursor = _evaluate(sensor, None, instance)
        assert not first.run_requests
        assert cursor is not None
        nothing, cursor = _evaluate(sensor, cursor, instance)
        assert not nothing.run_requests

        newest = max((landing / "ebb").iterdir())
        shutil.copy(newest, newest.with_name("ebb_2025Q1.parquet"))
        result, _ = _evaluate(sensor, cursor, instance)

    assert len(result.run_requests) == 1
    request = result.run_requests[0]
    selected = {key.to_user_string() for key in request.asset_selection}
    assert "raw/ebb" in selected and "raw/poa" not in selected
    assert "serving/llo_radar" in selected
    assert json.loads(request.run_key) == ["ebb|2025Q1"]
    # Exactly the delivery year of the new file: partition 2025 of raw/ebb.
    assert request.tags["dagster/asset_partition_range_start"] == "2025"
    assert request.tags["dagster/asset_partition_range_end"] == "2025"


def test_first_tick_after_a_build_starts_from_the_ingest_log(chain_copy):
    """Right after a build the sensor has no cursor: the files the ingest log holds are
    known, so its first tick requests nothing; a changed file requests its source's year."""
    import duckdb

    sensor = _landing_zone_sensor()
    ebb_file = sorted((chain_copy.landing / "ebb").iterdir())[-2]
    period = ebb_file.stem.removeprefix("ebb_")
    with dg.instance_for_test() as instance:
        result, cursor = _evaluate(sensor, None, instance)
        assert isinstance(result.skip_message, str) and not result.run_requests
        assert len(json.loads(cursor)) > 10  # every delivered file is in the cursor

        # a file touched or copied back unchanged is still known (same size and checksum)
        os.utime(ebb_file, ns=(ebb_file.stat().st_atime_ns, ebb_file.stat().st_mtime_ns + 10**9))
        touched, _ = _evaluate(sensor, None, instance)
        assert not touched.run_requests

        # a revised delivery: same period, fewer rows
        con = duckdb.connect()
        con.execute(
            f"copy (select * from read_parquet('{ebb_file}') limit 40) "
            f"to '{ebb_file}.tmp' (format parquet)"
        )
        con.close()
        ebb_file.with_name(ebb_file.name + ".tmp").replace(ebb_file)
        revised, _ = _evaluate(sensor, None, instance)

    (request,) = revised.run_requests
    assert json.loads(request.run_key) == [f"ebb|{period}"]
    selected = {key.to_user_string() for key in request.asset_selection}
    assert "raw/ebb" in selected and "raw/polis" not in selected
    assert request.tags["dagster/asset_partition_range_start"] == period[:4]
    assert request.tags["dagster/asset_partition_range_end"] == period[:4]


def test_sensor_without_a_build_database_requests_what_is_delivered(
    published_chain, tmp_path, monkeypatch
):
    landing = tmp_path / "landing"
    (landing / "poa").mkdir(parents=True)
    delivered = min((published_chain.landing / "poa").iterdir())
    shutil.copy2(delivered, landing / "poa" / delivered.name)
    monkeypatch.setenv("LLO_LANDING_DIR", str(landing))
    monkeypatch.setenv("LLO_BUILD_DB", str(tmp_path / "warehouse" / "build.duckdb"))
    with dg.instance_for_test() as instance:
        result, _ = _evaluate(_landing_zone_sensor(), None, instance)
    (request,) = result.run_requests
    assert {key.to_user_string() for key in request.asset_selection} >= {"raw/poa"}


def test_schedules_run_every_delivery_year_in_one_run():
    for schedule in defs.schedules:
        with dg.instance_for_test() as instance:
            context = dg.build_schedule_context(
                instance=instance, scheduled_execution_time=datetime(2027, 2, 15, 6, 0)
            )
            result = schedule.evaluate_tick(context)
        (request,) = result.run_requests
        assert request.tags["dagster/asset_partition_range_start"] == "2003", schedule.name
        assert request.tags["dagster/asset_partition_range_end"] >= "2026", schedule.name


def test_failed_run_writes_an_alert(tmp_path, monkeypatch):
    alert_log = tmp_path / "alerts.log"
    monkeypatch.setenv("LLO_ALERT_LOG", str(alert_log))
    monkeypatch.setenv("LLO_SERVING_DB", str(tmp_path / "serving.duckdb"))
    sensor = next(s for s in defs.sensors if s.name == "run_failure_alert_sensor")
    with dg.instance_for_test() as instance:
        result = defs.resolve_job_def("rollback_serving_job").execute_in_process(
            instance=instance, raise_on_error=False
        )
        assert not result.success
        failure = next(
            event
            for event in result.all_events
            if event.event_type == dg.DagsterEventType.RUN_FAILURE
        )
        context = dg.build_run_status_sensor_context(
            sensor_name=sensor.name,
            dagster_instance=instance,
            dagster_run=result.dagster_run,
            dagster_event=failure,
        ).for_run_failure()
        sensor(context)
    alert = json.loads(alert_log.read_text().splitlines()[-1])
    assert alert["status"] == "FAILURE"
    assert alert["job"] == "rollback_serving_job"
    assert alert["run_id"] == result.run_id


def test_freshness_check_per_source_reports_the_latest_period(chain_copy):
    checks = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    assert {"freshness_ebb", "freshness_nss", "freshness_polis"} <= checks
    job = defs.resolve_job_def("refresh_ebb_job")
    # Against a copy of the published chain: every source is complete, so the check passes.
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            asset_selection=[dg.AssetKey(["raw", "ebb"])],
            partition_key="2024",
        )
    evaluations = {
        event.event_specific_data.check_name: event.event_specific_data
        for event in result.all_events
        if event.event_type_value == "ASSET_CHECK_EVALUATION"
    }
    fresh = evaluations["freshness_ebb"]
    assert fresh.passed
    assert fresh.metadata["expected_latest_period"].value == "2024Q4"
