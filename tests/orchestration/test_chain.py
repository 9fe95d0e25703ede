"""End to end: the real Dagster job on tiny synthetic data, and what it publishes."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from tests.conftest import downstream_of, run_refresh, sha256_of

pytestmark = pytest.mark.slow

MART = "rpt_course_participation_ebb_by_region"


def _serving(path):
    return duckdb.connect(str(path), read_only=True)


def test_serving_holds_the_mart_and_only_the_marts_schema(published_chain):
    con = _serving(published_chain.serving_db)
    try:
        schemas = {
            row[0]
            for row in con.execute(
                "select distinct table_schema from information_schema.tables"
            ).fetchall()
        }
        rows = con.execute(f"select count(*) from marts.{MART}").fetchone()[0]
        regions = con.execute(
            f"select count(distinct region_code) from marts.{MART} "
            "where geography_level = 'arbeidsmarktregio'"
        ).fetchone()[0]
    finally:
        con.close()
    assert schemas == {"marts"}
    assert rows > 0
    assert regions == 35


def test_build_database_keeps_every_layer(published_chain):
    con = duckdb.connect(str(published_chain.build_db), read_only=True)
    try:
        schemas = {
            row[0]
            for row in con.execute(
                "select distinct table_schema from information_schema.tables"
            ).fetchall()
        }
    finally:
        con.close()
    assert {"raw", "staging", "linked", "marts", "reference"} <= schemas


def test_published_estimates_are_disclosure_controlled(published_chain):
    con = _serving(published_chain.serving_db)
    try:
        frame = con.execute(f"select * from marts.{MART}").df()
    finally:
        con.close()
    published = frame[~frame["suppressed"]]
    assert (published["n_unweighted"] >= 10).all()
    assert (published["population_persons"] % 10 == 0).all()
    assert (
        frame.loc[frame["suppressed"], ["estimate", "ci_lower", "n_unweighted"]].isna().all().all()
    )
    inside = published.dropna(subset=["estimate"])
    assert (
        (inside["ci_lower"] <= inside["estimate"]) & (inside["estimate"] <= inside["ci_upper"])
    ).all()
    assert not any("rinpersoon" in column or "person_key" in column for column in frame.columns)


def test_supplied_region_boundaries_reach_the_map_mart(published_chain):
    """The session chain supplies a boundary file: every region gets its outline, and the
    map mart is published next to the centroids."""
    con = duckdb.connect(str(published_chain.serving_db), read_only=True)
    try:
        rows = con.execute(
            "select count(*), count(outline), count(centroid_lat), bool_and(has_boundary), "
            "min(boundary_source) from marts.rpt_region_boundaries"
        ).fetchone()
    finally:
        con.close()
    assert rows == (35, 35, 35, True, "CBS/PDOK gebiedsindeling 2024")


def test_failing_gx_expectation_stops_publish(chain_copy):
    """A corrupted mart (injected into the build database after dbt) fails an error-level
    GX expectation; the blocking check stops publish: the serving file stays
    byte-identical."""
    import dagster as dg

    from orchestration.definitions import defs

    before = sha256_of(chain_copy.serving_db)
    con = duckdb.connect(str(chain_copy.build_db))
    con.execute(f"update marts.{MART} set estimate = 1.7 where region_code = 'NL'")
    con.close()

    result = defs.resolve_job_def("audit_and_publish_job").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False
    )

    assert not result.success
    checks = [
        event.event_specific_data
        for event in result.all_events
        if event.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    gx = [check for check in checks if check.check_name == f"gx_{MART}"]
    assert gx and not gx[0].passed
    others = [check for check in checks if check.check_name != f"gx_{MART}"]
    assert not [
        check.check_name
        for check in others
        if not check.passed and check.severity == dg.AssetCheckSeverity.ERROR
    ]
    materialized = {
        event.asset_key.to_user_string()
        for event in result.all_events
        if event.event_type_value == "ASSET_MATERIALIZATION"
    }
    assert "serving/llo_radar" not in materialized
    assert sha256_of(chain_copy.serving_db) == before


def test_bad_delivery_stops_the_refresh_before_publish(chain_copy):
    """A delivery that breaks its contract fails ingestion; nothing downstream runs and the
    serving file stays byte-identical. The run is the refresh of the EBB and everything
    downstream of it (dbt, GX, publish), as the landing-zone sensor requests it."""
    before = sha256_of(chain_copy.serving_db)
    template = next(iter(sorted((chain_copy.landing / "ebb").glob("*.parquet"))))
    frame = pd.read_parquet(template).head(5).copy()
    frame["jaar"], frame["kwartaal"] = 2030, 1
    frame.to_parquet(chain_copy.landing / "ebb" / "ebb_2030Q1.parquet", index=False)

    result = run_refresh(downstream_of("raw/ebb"))

    assert not result.success
    failures = [event for event in result.all_events if event.is_step_failure]
    assert [event.step_key for event in failures] == ["raw__ebb"]
    assert "ebb/ebb_2030Q1.parquet" in failures[0].event_specific_data.error.message
    materialized = {
        event.asset_key.to_user_string()
        for event in result.all_events
        if event.event_type_value == "ASSET_MATERIALIZATION"
    }
    assert not materialized, materialized
    assert sha256_of(chain_copy.serving_db) == before


def test_data_docs_are_written_and_load_nothing_from_other_hosts(published_chain):
    from expectations.data_docs import remote_references
    from expectations.runner import data_docs_index

    index = data_docs_index(published_chain.quality)
    assert index.is_file()
    assert remote_references(index.parent) == []
