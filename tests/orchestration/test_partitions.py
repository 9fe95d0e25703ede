"""Raw sources are partitioned by delivery year: a range of years is one run, from the API
(what a UI backfill launches) and from the dagster CLI, and loads exactly those years."""

from __future__ import annotations

import os
import subprocess
import sys

import dagster as dg
import duckdb
import pytest

from orchestration.definitions import defs
from orchestration.defs.ingestion.partitions import DELIVERY_YEARS, range_tags
from tests.conftest import ENV_VARS, NEUTRAL_CWD, ChainDirs, generate, subprocess_environment

POLIS = dg.AssetKey(["raw", "polis"])


@pytest.fixture(scope="module")
def polis_only(tmp_path_factory):
    saved = {name: os.environ.get(name) for name in ENV_VARS}
    dirs = ChainDirs(tmp_path_factory.mktemp("partitions"))
    generate(dirs.landing, sources="polis")
    dirs.activate()
    yield dirs
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def loaded_periods(db) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [
            row[0]
            for row in con.execute("select distinct _period from raw.polis order by 1").fetchall()
        ]
    finally:
        con.close()


def test_every_source_shares_the_delivery_year_partitions():
    graph = defs.resolve_asset_graph()
    raw = [
        key
        for key in graph.get_all_asset_keys()
        if key.path[0] == "raw" and key.path[1] != "region_boundaries"
    ]
    assert len(raw) == 7
    for key in raw:
        node = graph.get(key)
        assert node.partitions_def == DELIVERY_YEARS
        assert node.backfill_policy == dg.BackfillPolicy.single_run()
    years = DELIVERY_YEARS.get_partition_keys()
    assert years[0] == "2003" and "2024" in years and years == sorted(years)
    # Downstream of the raw layer nothing is partitioned: a run refreshes it whole.
    assert graph.get(dg.AssetKey(["serving", "llo_radar"])).partitions_def is None


@pytest.mark.slow
def test_a_range_of_years_loads_exactly_those_years_in_one_run(polis_only):
    job = defs.resolve_job_def("refresh_polis_job")
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(
            instance=instance,
            raise_on_error=False,
            asset_selection=[POLIS],
            tags=range_tags(["2010", "2012"]),
        )
        assert result.success
        assert loaded_periods(polis_only.build_db) == ["2010", "2011", "2012"]
        materialized = instance.get_materialized_partitions(POLIS)
        assert materialized == {"2010", "2011", "2012"}

        # One more year as a single partition: only that year is added.
        job.execute_in_process(
            instance=instance, raise_on_error=False, asset_selection=[POLIS], partition_key="2013"
        )
    assert loaded_periods(polis_only.build_db) == ["2010", "2011", "2012", "2013"]


@pytest.mark.slow
def test_cli_backfills_a_range_as_one_run(polis_only):
    # From a directory without .env: the dagster CLI loads one over the environment.
    environment = subprocess_environment(polis_only.environment())
    os.makedirs(environment["DAGSTER_HOME"], exist_ok=True)
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "dagster",
            "asset",
            "materialize",
            "-m",
            "orchestration.definitions",
            "--select",
            "raw/polis",
            "--partition-range",
            "2020...2021",
        ],
        cwd=NEUTRAL_CWD,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    periods = loaded_periods(polis_only.build_db)
    assert {"2020", "2021"} <= set(periods)
    assert "2022" not in periods and "2019" not in periods
