"""The output check refuses what may not leave the build database, and says which."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.defs.serving.publish import PublishRefused, publish, rollback
from tests.conftest import sha256_of

GOOD = """
create schema marts;
create table marts.rpt_ok as
select 'AM01' as region_code, 0.2 as estimate, 0.1 as ci_lower, 0.3 as ci_upper,
       40 as n_unweighted, 1230 as population_persons, false as suppressed
union all
select 'AM02', null, null, null, null, null, true;
"""


def _build(path, extra_sql=""):
    con = duckdb.connect(str(path))
    con.execute(GOOD)
    con.execute("create schema staging; create table staging.secret as select '123' as rinpersoon")
    if extra_sql:
        con.execute(extra_sql)
    con.close()


@pytest.fixture
def paths(tmp_path):
    return tmp_path / "build.duckdb", tmp_path / "serving.duckdb", tmp_path / "serving.prev"


def test_publishes_only_the_marts_schema(paths):
    build, serving, previous = paths
    _build(build)
    counts = publish(build, serving, previous)
    assert counts == {"rpt_ok": 2}
    con = duckdb.connect(str(serving), read_only=True)
    schemas = {
        r[0]
        for r in con.execute(
            "select distinct table_schema from information_schema.tables"
        ).fetchall()
    }
    con.close()
    assert schemas == {"marts"}
    assert not serving.with_name(serving.name + ".next").exists()


@pytest.mark.parametrize(
    ("extra_sql", "message"),
    [
        ("create table marts.leak as select '1' as rinpersoon, 3 as x", "leak.rinpersoon"),
        (
            (
                "create table marts.small as select 0.5 as estimate, 4 as n_unweighted, "
                "false as suppressed"
            ),
            "small: 1 unsuppressed row(s) with n_unweighted < 10",
        ),
        (
            (
                "create table marts.hidden as select 0.5 as estimate, null as n_unweighted, "
                "true as suppressed"
            ),
            "hidden.estimate: 1 suppressed row(s) still carry a value",
        ),
        (
            "create table marts.counts as select 1234 as employed_persons",
            "counts.employed_persons: 1 person count(s) not rounded to 10",
        ),
    ],
)
def test_output_check_refuses_and_names_the_rule(paths, extra_sql, message):
    build, serving, previous = paths
    _build(build)
    publish(build, serving, previous)
    before = sha256_of(serving)
    con = duckdb.connect(str(build))
    con.execute(extra_sql)
    con.close()
    with pytest.raises(PublishRefused) as refused:
        publish(build, serving, previous)
    assert message in str(refused.value)
    assert sha256_of(serving) == before


def test_rollback_restores_the_previous_publication(paths):
    build, serving, previous = paths
    _build(build)
    publish(build, serving, previous)
    first = (
        duckdb.connect(str(serving), read_only=True)
        .execute("select count(*) from marts.rpt_ok")
        .fetchone()[0]
    )
    con = duckdb.connect(str(build))
    con.execute("insert into marts.rpt_ok values ('AM03', 0.4, 0.3, 0.5, 50, 2000, false)")
    con.close()
    publish(build, serving, previous)
    rollback(serving, previous)
    con = duckdb.connect(str(serving), read_only=True)
    assert con.execute("select count(*) from marts.rpt_ok").fetchone()[0] == first
    con.close()
