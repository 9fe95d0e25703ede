"""The attacker in the output check recovers planted leaks, and only when switched on."""

from __future__ import annotations

import json

import duckdb
import pytest

from orchestration.defs.serving import attacks
from orchestration.defs.serving.attacks import DeclarationError, load_declarations, parse_view
from orchestration.defs.serving.publish import MANIFEST, PublishRefused, publish
from tests.conftest import sha256_of

ROUNDING = 10


def _view(model: str, **raw):
    return parse_view(model, {"population": model, **raw})


def _run(con, views, only=None):
    outcomes = attacks.run_attacks(con, views, ROUNDING, only)
    return {(o.attack, o.table): o for o in outcomes}


def _recovered(outcomes, attack):
    return [c for (a, _), o in outcomes.items() if a == attack for c in o.recovered]


# --- planted leaks, one per attack --------------------------------------------------------

EXACT_N = """
create schema marts; create schema staging;
create table staging.truth as select * from (values ('a', 47, 13), ('b', 123, 60)) t(k, n, linked);
create table marts.rpt_rates as
select k, n as n_unweighted, cast(round(n / 10) * 10 as integer) as base_persons,
       cast(round(linked / 10) * 10 as integer) as linked_persons, linked / n as estimate
from staging.truth;
"""
EXACT_N_VIEW = {
    "name": "rates",
    "published_sql": "select * from marts.rpt_rates",
    "truth_sql": "select k, n, linked from staging.truth",
    "cell": ["k"],
    "rounded_counts": {"base_persons": "n", "linked_persons": "linked"},
    "exact_counts": {"n_unweighted": "n"},
}

RATIO = """
create schema marts; create schema staging;
create table staging.truth as
select * from (values (2023, 'a', 40, 13), (2024, 'a', 47, 13)) t(year, k, jobs, flexible);
create table marts.rpt_jobs as
select year, k, round(jobs / 10) * 10 as jobs_rounded, flexible / jobs as flexible_share,
       (jobs / lag(jobs) over (order by year) - 1) * 100 as growth_pct
from staging.truth;
"""
RATIO_VIEW = {
    "name": "jobs",
    "published_sql": "select * from marts.rpt_jobs",
    "truth_sql": "select year, k, jobs, flexible from staging.truth",
    "cell": ["year", "k"],
    "rounded_counts": {"jobs_rounded": "jobs"},
    "ratios": [
        {"column": "flexible_share", "kind": "ratio", "denominator": "jobs"},
        {"column": "growth_pct", "kind": "growth", "quantity": "jobs", "lag": "year", "scale": 100},
    ],
}

PARTS = """
create schema marts; create schema staging;
create table staging.truth as
select * from (values ('a', 15), ('b', 15), ('c', 15), ('d', 15), ('e', 15)) t(region, n);
create table marts.rpt_parts as
select region, round(n / 10) * 10 as n_rounded, null::integer as n_exact from staging.truth
union all select 'NL', 80, 75;
"""
PARTS_VIEW = {
    "name": "parts",
    "published_sql": "select * from marts.rpt_parts",
    "truth_sql": "select region, n from staging.truth union all select 'NL', 75",
    "cell": ["region"],
    "rounded_counts": {"n_rounded": "n"},
    "exact_counts": {"n_exact": "n"},
    "margins": {"region": "NL"},
}

DIFFERENCING = """
create schema marts; create schema staging;
create table staging.truth as
select * from (values ('r1', 'x', 2020, 40), ('r2', 'x', 2020, 7), ('r3', 'x', 2020, 30),
                      ('r1', 'x', 2021, 50), ('r2', 'x', 2021, 8), ('r3', 'x', 2021, 35))
    t(region, class, year, n);
create table marts.rpt_cells as
select region, class, year, case when n >= 10 then n end as n_unweighted
from staging.truth
union all
select 'NL', class, year, sum(n) from staging.truth group by class, year;
"""
DIFFERENCING_VIEW = {
    "name": "cells",
    "published_sql": "select * from marts.rpt_cells",
    "truth_sql": "select region, class, year, n from staging.truth",
    "cell": ["region", "class", "year"],
    "exact_counts": {"n_unweighted": "n"},
    "margins": {"region": "NL"},
}

POOLS = """
create schema marts; create schema staging;
create table staging.truth as
select * from (values (2020, 12), (2021, 4), (2022, 15)) t(year, n);
create table marts.rpt_pooled as
select 2020 as year_from, 2020 as year_to, 12 as n_unweighted
union all select 2020, 2022, 31
union all select 2022, 2022, 15;
"""
POOLS_VIEW = {
    "name": "pooled",
    "published_sql": "select * from marts.rpt_pooled",
    "truth_sql": "select year as year_from, year as year_to, n from staging.truth",
    "cell": ["year_from", "year_to"],
    "exact_counts": {"n_unweighted": "n"},
    "pools": {"from": "year_from", "to": "year_to"},
}

CROSS = """
create schema marts; create schema staging;
create table staging.truth as select * from (values ('a', 3.25), ('b', 2.5)) t(k, mean);
create table marts.rpt_by_task as
select k, case when k = 'a' then null else mean end as estimate from staging.truth;
create table marts.rpt_profiles as select k, mean as estimate from staging.truth;
"""


def _cross_views():
    common = {
        "truth_sql": "select k, mean from staging.truth",
        "cell": ["k"],
        "values": {"estimate": "mean"},
        "population": "task_means",
    }
    return [
        parse_view(
            "rpt_by_task",
            dict(name="by_task", published_sql="select * from marts.rpt_by_task", **common),
        ),
        parse_view(
            "rpt_profiles",
            dict(name="profiles", published_sql="select * from marts.rpt_profiles", **common),
        ),
    ]


CASES = {
    "exact_n": (EXACT_N, lambda: [_view("rpt_rates", **EXACT_N_VIEW)], ("rpt_rates", 123)),
    "derived_ratio": (RATIO, lambda: [_view("rpt_jobs", **RATIO_VIEW)], ("rpt_jobs", 47)),
    "sum_of_rounded_parts": (PARTS, lambda: [_view("rpt_parts", **PARTS_VIEW)], ("rpt_parts", 15)),
    "linear_differencing": (
        DIFFERENCING,
        lambda: [_view("rpt_cells", **DIFFERENCING_VIEW)],
        ("rpt_cells", 7),
    ),
    "cross_table": (CROSS, _cross_views, ("rpt_by_task", 3.25)),
}


@pytest.fixture
def db(tmp_path):
    def make(sql):
        path = tmp_path / "build.duckdb"
        con = duckdb.connect(str(path))
        con.execute(sql)
        return con

    return make


@pytest.mark.parametrize("attack", sorted(CASES))
def test_each_attack_recovers_its_planted_leak(db, attack):
    sql, views, (table, value) = CASES[attack]
    con = db(sql)
    recovered = _recovered(_run(con, views(), [attack]), attack)
    assert recovered, f"{attack} recovered nothing"
    assert any(c.table == table and c.value == value for c in recovered), recovered


@pytest.mark.parametrize("attack", sorted(CASES))
def test_switched_off_the_attack_finds_nothing(db, attack):
    sql, views, _ = CASES[attack]
    con = db(sql)
    others = [a for a in attacks.ATTACKS if a != attack]
    assert not _recovered(_run(con, views(), others), attack)


def test_environment_switch_turns_every_attack_off(db, monkeypatch):
    monkeypatch.setenv(attacks.ATTACKS_SWITCH, "off")
    con = db(EXACT_N)
    assert _run(con, [_view("rpt_rates", **EXACT_N_VIEW)]) == {}


def test_overlapping_pools_give_away_a_single_year(db):
    con = db(POOLS)
    recovered = _recovered(_run(con, [_view("rpt_pooled", **POOLS_VIEW)]), "linear_differencing")
    assert [(c.key, c.value) for c in recovered] == [((2021, 2021), 4)]


def test_derived_ratio_also_pins_the_previous_year_and_the_numerator(db):
    con = db(RATIO)
    view = _view(
        "rpt_jobs",
        **{
            **RATIO_VIEW,
            "ratios": [
                {
                    "column": "flexible_share",
                    "kind": "ratio",
                    "denominator": "jobs",
                    "numerator": "flexible",
                },
            ],
        },
    )
    recovered = _recovered(_run(con, [view], ["derived_ratio"]), "derived_ratio")
    assert {(c.quantity, c.key, c.value) for c in recovered} >= {
        ("jobs", (2024, "a"), 47),
        ("flexible", (2024, "a"), 13),
    }


def test_a_table_without_leaks_yields_nothing(db):
    con = db(
        """
        create schema marts; create schema staging;
        create table staging.truth as
        select * from (values ('a', 41), ('b', 58), ('c', 12)) t(region, n);
        create table marts.rpt_safe as
        select region, round(n / 10) * 10 as n_rounded from staging.truth
        union all select 'NL', round(111 / 10) * 10;
        """
    )
    view = _view(
        "rpt_safe",
        name="safe",
        published_sql="select * from marts.rpt_safe",
        truth_sql="select region, n from staging.truth union all select 'NL', 111",
        cell=["region"],
        rounded_counts={"n_rounded": "n"},
        margins={"region": "NL"},
    )
    outcomes = _run(con, [view])
    assert outcomes
    assert not any(o.recovered for o in outcomes.values())
    assert sum(len(o.tried) for o in outcomes.values()) >= 4


def test_candidates_are_confirmed_against_the_truth_only(db):
    """A candidate that the truth contradicts is reported as a candidate, not recovered."""
    con = db(EXACT_N)
    view = _view(
        "rpt_rates",
        **{**EXACT_N_VIEW, "truth_sql": "select k, n + 1 as n, linked from staging.truth"},
    )
    outcome = _run(con, [view], ["exact_n"])[("exact_n", "rpt_rates")]
    assert len(outcome.candidates) == 2
    assert outcome.recovered == []


# --- publish ------------------------------------------------------------------------------


def test_publish_with_a_planted_leak_is_refused_and_names_table_columns_and_cell(tmp_path):
    build = tmp_path / "build.duckdb"
    con = duckdb.connect(str(build))
    con.execute(EXACT_N.replace("n as n_unweighted", "n as n_unweighted, false as suppressed"))
    con.close()
    serving = tmp_path / "serving.duckdb"
    duckdb.connect(str(serving)).close()
    before = sha256_of(serving)
    with pytest.raises(PublishRefused) as refused:
        publish(
            build, serving, tmp_path / "serving.prev", views=[_view("rpt_rates", **EXACT_N_VIEW)]
        )
    message = str(refused.value)
    assert "rpt_rates (base_persons)" in message
    assert "exact_n" in message
    assert "e.g. rpt_rates.base_persons at (k=a): n = 47" in message
    assert sha256_of(serving) == before


def test_publish_writes_the_attack_counts(tmp_path):
    build = tmp_path / "build.duckdb"
    con = duckdb.connect(str(build))
    con.execute(
        """
        create schema marts; create schema staging;
        create table staging.truth as select * from (values ('a', 41), ('b', 58)) t(k, n);
        create table marts.rpt_safe as
        select k, round(n / 10) * 10 as n_persons from staging.truth;
        """
    )
    con.close()
    serving = tmp_path / "serving.duckdb"
    view = _view(
        "rpt_safe",
        name="safe",
        published_sql="select * from marts.rpt_safe",
        truth_sql="select k, n from staging.truth",
        cell=["k"],
        rounded_counts={"n_persons": "n"},
    )
    counts = publish(build, serving, tmp_path / "serving.prev", views=[view])
    assert "rpt_safe" in counts
    con = duckdb.connect(str(serving), read_only=True)
    rows = con.execute(
        "select attack, table_name, cells_tried, recovered from marts.rpt_disclosure_attacks "
        "order by attack"
    ).fetchall()
    con.close()
    assert ("exact_n", "rpt_safe", 2, 0) in rows


# --- declarations -------------------------------------------------------------------------


def _manifest(tmp_path, meta):
    path = tmp_path / "manifest.json"
    path.write_text(
        json.dumps(
            {
                "nodes": {
                    "model.x.rpt_bad": {
                        "resource_type": "model",
                        "name": "rpt_bad",
                        "config": {"meta": meta},
                    }
                }
            }
        )
    )
    return path


@pytest.mark.parametrize(
    ("declaration", "named"),
    [
        (
            [
                {
                    "name": "v",
                    "published_sql": "select 1",
                    "truth_sql": "select 1",
                    "cell": ["k"],
                    "population": "p",
                }
            ],
            "disclosure_attacks.v.published_sql",
        ),
        (
            [
                {
                    "name": "v",
                    "published_sql": "select * from marts.rpt_bad",
                    "cell": ["k"],
                    "population": "p",
                }
            ],
            "disclosure_attacks.truth_sql",
        ),
        (
            [
                {
                    **EXACT_N_VIEW,
                    "published_sql": "select * from marts.rpt_bad",
                    "population": "p",
                    "ratios": [{"column": "x", "kind": "median"}],
                }
            ],
            "ratios[0]",
        ),
        (
            [
                {
                    **EXACT_N_VIEW,
                    "published_sql": "select * from marts.rpt_bad",
                    "population": "p",
                    "margin": {"k": "NL"},
                }
            ],
            "disclosure_attacks.margin",
        ),
        ({"name": "v"}, "must be a list"),
    ],
)
def test_a_bad_declaration_names_the_model_and_the_key(tmp_path, declaration, named):
    with pytest.raises(DeclarationError) as error:
        load_declarations(_manifest(tmp_path, {"disclosure_attacks": declaration}))
    assert "rpt_bad" in str(error.value)
    assert named in str(error.value)


def test_the_real_declarations_load():
    from orchestration.defs.serving.publish import MANIFEST

    if not MANIFEST.exists():
        pytest.skip("no dbt manifest (make manifest)")
    views = load_declarations(MANIFEST)
    assert {v.model for v in views} >= {"rpt_link_rates", "rpt_employment_by_region_sector"}


def test_derived_ratio_divides_a_published_total_by_its_mean(db):
    con = db(
        """
        create schema marts; create schema staging;
        create table staging.truth as select * from (values ('a', 1234, 37)) t(k, hours, jobs);
        create table marts.rpt_hours as select k, hours as total_hours, hours / jobs as mean_hours
        from staging.truth;
        """
    )
    view = _view(
        "rpt_hours",
        name="hours",
        published_sql="select * from marts.rpt_hours",
        truth_sql="select k, hours, jobs from staging.truth",
        cell=["k"],
        exact_counts={"total_hours": "hours"},
        ratios=[
            {"column": "mean_hours", "kind": "ratio", "numerator": "hours", "denominator": "jobs"}
        ],
    )
    recovered = _recovered(_run(con, [view], ["derived_ratio"]), "derived_ratio")
    assert [(c.quantity, c.value) for c in recovered] == [("jobs", 37)]


def test_the_command_line_prints_the_results_and_fails_on_a_recovery(tmp_path, capsys):
    build = tmp_path / "build.duckdb"
    con = duckdb.connect(str(build))
    con.execute(EXACT_N)
    con.close()
    manifest = _manifest(tmp_path, {"disclosure_attacks": [EXACT_N_VIEW | {"population": "p"}]})
    manifest.write_text(manifest.read_text().replace("rpt_bad", "rpt_rates"))
    assert attacks.main([str(build), "--manifest", str(manifest)]) == 1
    printed = capsys.readouterr().out
    assert "exact_n" in printed
    assert "rpt_rates.base_persons at (k=a): n = 47" in printed


def test_publish_is_refused_when_a_declaration_no_longer_fits_its_mart(tmp_path):
    build = tmp_path / "build.duckdb"
    con = duckdb.connect(str(build))
    con.execute("create schema marts; create table marts.rpt_safe as select 'a' as k")
    con.close()
    view = _view(
        "rpt_safe",
        name="safe",
        published_sql="select k, n_persons from marts.rpt_safe",
        truth_sql="select 'a' as k, 1 as n",
        cell=["k"],
        rounded_counts={"n_persons": "n"},
    )
    serving = tmp_path / "serving.duckdb"
    with pytest.raises(PublishRefused, match=r"rpt_safe: disclosure_attacks\.safe\.published_sql"):
        publish(build, serving, tmp_path / "serving.prev", views=[view])
    assert not serving.exists()


def test_a_ratio_over_the_rounded_count_gives_nothing_away(db):
    con = db(
        """
        create schema marts; create schema staging;
        create table staging.truth as
        select * from (values ('a', 47, 120), ('b', 60, 130)) t(k, linked, n);
        create table marts.rpt_rates as
        select k, n as n_unweighted, round(linked / 10) * 10 as linked_persons,
               round(linked / 10) * 10 / n as estimate
        from staging.truth;
        """
    )
    view = _view(
        "rpt_rates",
        name="rates",
        published_sql="select * from marts.rpt_rates",
        truth_sql="select k, n, linked from staging.truth",
        cell=["k"],
        exact_counts={"n_unweighted": "n"},
        rounded_counts={"linked_persons": "linked"},
        ratios=[{"column": "estimate", "kind": "ratio", "numerator": "linked", "denominator": "n"}],
    )
    assert not _recovered(_run(con, [view]), "derived_ratio")


def test_growth_and_shares_over_the_rounded_counts_give_nothing_away(db):
    con = db(
        """
        create schema marts; create schema staging;
        create table staging.truth as
        select * from (values (2023, 'a', 44, 0), (2024, 'a', 47, 13)) t(year, k, jobs, flexible);
        create table marts.rpt_jobs as
        select year, k, round(jobs / 10) * 10 as jobs_rounded,
               round(flexible / 10) * 10 / (round(jobs / 10) * 10) as flexible_share,
               (round(jobs / 10) * 10 / lag(round(jobs / 10) * 10) over (order by year) - 1)
                   * 100 as growth_pct
        from staging.truth;
        """
    )
    view = _view("rpt_jobs", **RATIO_VIEW)
    assert not _recovered(_run(con, [view]), "derived_ratio")


def test_a_null_column_beside_one_that_shows_the_value_is_not_a_hidden_cell(db):
    con = db(
        """
        create schema marts; create schema staging;
        create table staging.truth as select * from (values (1, 1, 12), (1, 3, 31)) t(f, t, n);
        create table marts.rpt_pooled as
        select f, t, case when f = t then n end as n_exact,
               case when f < t then round(n / 10) * 10 end as n_rounded
        from staging.truth;
        """
    )
    view = _view(
        "rpt_pooled",
        name="pooled",
        published_sql="select * from marts.rpt_pooled",
        truth_sql="select f, t, n from staging.truth",
        cell=["f", "t"],
        exact_counts={"n_exact": "n"},
        rounded_counts={"n_rounded": "n"},
    )
    outcomes = _run(con, [view])
    assert not any(o.recovered or o.candidates for o in outcomes.values())


def test_the_real_chain_publishes_only_what_no_attack_recovers(serving_db_path):
    """The chain's publication ran the attacks on the declared marts and recovered nothing
    (else it would not have been published); the counts are in the serving database."""
    declared = {view.model for view in attacks.load_declarations(MANIFEST)}
    with duckdb.connect(str(serving_db_path), read_only=True) as con:
        rows = con.execute(
            "select table_name, sum(cells_tried), sum(recovered) "
            "from marts.rpt_disclosure_attacks group by table_name"
        ).fetchall()
    assert [table for table, _, recovered in rows if recovered] == []
    attacked = {table for table, tried, _ in rows if tried > 0}
    assert attacked <= declared
    assert len(attacked) >= 15, f"only {sorted(attacked)} attacked"
