"""Microbatch models rebuild only the years delivered since the last dbt build."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import duckdb
import pytest

from orchestration.defs.transformation.assets import ensure_manifest
from orchestration.defs.transformation.batches import TRANSFORM_LOG, plan_batches
from tests.conftest import downstream_of, run_refresh

pytestmark = pytest.mark.slow


def _log_delivery(db, source: str, period: str) -> None:
    con = duckdb.connect(str(db))
    con.execute(
        "insert into pipeline.ingest_log (source, period, file_path, file_sha256, "
        "row_count, action, revision, loaded_at) "
        "values (?, ?, 'x', 'x', 1, 'revised', 2, ?)",
        [source, period, datetime.now(UTC)],
    )
    con.close()


def test_plan_covers_exactly_the_years_delivered_since_the_last_build(chain_copy):
    manifest = ensure_manifest()
    db = chain_copy.build_db
    plan = plan_batches(db, manifest)
    # nothing new since the chain's build: only the latest Polis year is redone
    assert plan.args == ["--event-time-start", "2024-01-01", "--event-time-end", "2025-01-01"]

    _log_delivery(db, "polis", "2015")
    assert plan_batches(db, manifest).args == [
        "--event-time-start",
        "2015-01-01",
        "--event-time-end",
        "2016-01-01",
    ]
    _log_delivery(db, "ebb", "2012Q3")
    _log_delivery(db, "nss", "2003")  # not read by a microbatch model
    assert plan_batches(db, manifest).args == [
        "--event-time-start",
        "2012-01-01",
        "--event-time-end",
        "2016-01-01",
    ]


def test_changed_model_code_or_missing_models_rebuild_every_year(chain_copy):
    manifest = ensure_manifest()
    db = chain_copy.build_db
    con = duckdb.connect(str(db))
    checksums = json.loads(
        con.execute(
            f"select checksums from {TRANSFORM_LOG} order by started_at desc limit 1"
        ).fetchone()[0]
    )
    assert set(checksums) == {"lnk_polis_employment_cells", "lnk_ebb_joined_to_polis"}
    con.execute(f"update {TRANSFORM_LOG} set checksums = '{{}}'")
    con.close()
    assert plan_batches(db, manifest).args == ["--full-refresh"]

    con = duckdb.connect(str(db))
    con.execute("drop table linked.lnk_polis_employment_cells")
    con.close()
    assert plan_batches(db, manifest).args == []  # dbt builds every batch from `begin`


def test_revised_polis_year_is_rebuilt_and_the_others_are_kept(chain_copy):
    polis_file = chain_copy.landing / "polis" / "polis_banen_2015.parquet"
    cells = (
        "select year, sum(jobs) from linked.lnk_polis_employment_cells "
        "where region_code = 'NL' and sector_code = 'totaal' group by year order by year"
    )
    con = duckdb.connect(str(chain_copy.build_db), read_only=True)
    before = dict(con.execute(cells).fetchall())
    con.close()

    # the revision drops every third job of 2015
    con = duckdb.connect()
    con.execute(
        f"copy (select * from read_parquet('{polis_file}') "
        f"where hash(ikvid) % 3 <> 0) to '{polis_file}.tmp' (format parquet)"
    )
    con.close()
    polis_file.with_name(polis_file.name + ".tmp").replace(polis_file)

    # The refresh a Polis delivery triggers: raw/polis and everything downstream of it.
    result = run_refresh(downstream_of("raw/polis"))
    assert result.success
    con = duckdb.connect(str(chain_copy.build_db), read_only=True)
    after = dict(con.execute(cells).fetchall())
    raw_2015 = con.execute("select count(*) from raw.polis where _period = '2015'").fetchone()[0]
    last_args = con.execute(
        f"select dbt_args from {TRANSFORM_LOG} order by started_at desc limit 1"
    ).fetchone()[0]
    con.close()
    assert last_args == "--event-time-start 2015-01-01 --event-time-end 2016-01-01"
    assert after[2015] == raw_2015 < before[2015]
    assert {y: n for y, n in after.items() if y != 2015} == {
        y: n for y, n in before.items() if y != 2015
    }
