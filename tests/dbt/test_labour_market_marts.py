"""Employment, wage, forecast and cross-cutting marts on the real chain (tiny synthetic data).

The chain runs once per session (``published_chain``); these tests only read its build
database (read-only): the marts against the raw deliveries they summarise, the disclosure
rules, and the regional patterns the generator is calibrated to (shrinking regions are
older and train less).
"""

from __future__ import annotations

import duckdb
import pytest

pytestmark = pytest.mark.slow

SHRINKING_REGIONS = ("AM30", "AM01", "AM09", "AM24")
PERSON_KEY_FRAGMENTS = ("rinpersoon", "person_key", "nomem_encr", "employer_key", "beid")
MARTS = (
    "rpt_link_rates",
    "rpt_employment_by_region_sector",
    "rpt_employment_by_region_occupation",
    "rpt_occupation_forecasts",
    "rpt_llo_market_matrix",
    "rpt_vulnerable_workers",
    "rpt_region_profile",
    "rpt_sector_infographic",
    "rpt_wages_after_course",
)


@pytest.fixture(scope="module")
def build(published_chain):
    con = duckdb.connect(str(published_chain.build_db), read_only=True)
    yield con
    con.close()


def _rows(con, sql, *params):
    return con.execute(sql, list(params)).fetchall()


def _scalar(con, sql, *params):
    return con.execute(sql, list(params)).fetchone()[0]


def _rounded(count: int, base: int = 10) -> int:
    """Round half away from zero, as DuckDB's round() in the rounding macro does."""
    return int(count / base + 0.5) * base


def _regions(con) -> set[str]:
    return {
        row[0] for row in _rows(con, "select region_code from reference.ref_labour_market_regions")
    }


def test_marts_are_tables_in_marts_without_person_keys(build):
    tables = {
        row[0]
        for row in _rows(
            build,
            "select table_name from information_schema.tables "
            "where table_schema = 'marts' and table_type = 'BASE TABLE'",
        )
    }
    assert set(MARTS) <= tables
    for mart in MARTS:
        columns = [
            row[0]
            for row in _rows(
                build,
                "select column_name from information_schema.columns "
                "where table_schema = 'marts' and table_name = ?",
                mart,
            )
        ]
        assert not [c for c in columns if any(k in c.lower() for k in PERSON_KEY_FRAGMENTS)], mart


def test_polis_job_totals_match_the_raw_job_file(build):
    """NL x all sectors: jobs equal the rows of the delivered annual job file, rounded."""
    rows = _rows(
        build,
        """
        select raw_jobs.jaar, raw_jobs.jobs, mart.estimate
        from (select jaar, count(*) as jobs from raw.polis group by jaar) as raw_jobs
        left join marts.rpt_employment_by_region_sector as mart
            on mart.year = raw_jobs.jaar
            and mart.group_code = 'NL' and mart.sector_code = 'totaal' and mart.measure = 'jobs'
    """,
    )
    assert len(rows) >= 10
    for year, raw_jobs, published in rows:
        assert published == _rounded(raw_jobs), year


def test_polis_persons_and_wages_are_consistent_with_the_raw_file(build):
    year = _scalar(build, "select max(jaar) from raw.polis")
    persons, hourly = _rows(
        build,
        """
        select count(distinct rinpersoon), sum(basisloon) / sum(verloonde_uren)
        from raw.polis where jaar = ?""",
        year,
    )[0]
    published = dict(
        _rows(
            build,
            """
        select measure, coalesce(estimate, -1) from marts.rpt_employment_by_region_sector
        where year = ? and group_code = 'NL' and sector_code = 'totaal'""",
            year,
        )
    )
    n_persons = _scalar(
        build,
        """
        select max(employee_persons) from marts.rpt_employment_by_region_sector
        where year = ? and group_code = 'NL' and sector_code = 'totaal'""",
        year,
    )
    assert n_persons == _rounded(persons)
    # published to EUR 0.10 (published_precision): a full-precision mean would give the
    # rounded counts back
    assert published["mean_hourly_wage_eur"] == pytest.approx(round(hourly, 1))
    assert 0 < published["flexible_contract_share"] < 1


def test_register_cells_below_the_threshold_are_withheld(build):
    bad = _scalar(
        build,
        """
        select count(*) from marts.rpt_employment_by_region_sector
        where (suppressed and (estimate is not null or employee_persons is not null))
           or (not suppressed and (n_unweighted is null or n_unweighted < 10))""",
    )
    assert bad == 0
    # Regions add up to NL: a withheld region never stands alone in a year x sector.
    lonely = _scalar(
        build,
        """
        select count(*) from (
            select year, sector_code, count(*) filter (where suppressed) as withheld
            from marts.rpt_employment_by_region_sector
            where group_type = 'arbeidsmarktregio' and measure = 'jobs'
            group by year, sector_code
        ) where withheld = 1""",
    )
    assert lonely == 0


def test_link_rates_are_realistic_not_perfect(build):
    rows = _rows(
        build,
        """
        select source, link_type, sum(estimate * n_unweighted) / sum(n_unweighted), count(*)
        from marts.rpt_link_rates where not suppressed
        group by source, link_type""",
    )
    found = {(source, link) for source, link, _, _ in rows}
    assert {
        ("ebb", "polis_baan"),
        ("nss", "persoonssleutel"),
        ("llo_enquete", "persoonssleutel"),
        ("nss", "polis_baan"),
        ("llo_enquete", "polis_baan"),
    } <= found
    for source, link, rate, _ in rows:
        assert 0.5 <= rate < 0.995, (source, link, rate)
    per_period = _rows(build, "select estimate from marts.rpt_link_rates where not suppressed")
    assert all(0.5 <= rate <= 1 for (rate,) in per_period)


def test_forecasts_sum_the_delivered_regional_forecasts(build):
    edition = _scalar(build, "select max(editie) from raw.poa")
    delivered = _scalar(
        build, "select sum(werkgelegenheid_begin) from raw.poa where editie = ?", edition
    )
    published = _scalar(
        build,
        """
        select sum(employment_start_persons) from marts.rpt_occupation_forecasts
        where group_code = 'NL' and occupation_level = 'beroepsklasse'""",
    )
    # Each class total is rounded to 10: the sum is within 5 per class of the delivery.
    classes = _scalar(
        build,
        """
        select count(*) from marts.rpt_occupation_forecasts
        where group_code = 'NL' and occupation_level = 'beroepsklasse'""",
    )
    assert abs(published - delivered) <= 5 * classes
    classes_seen = {
        row[0]
        for row in _rows(
            build,
            "select distinct growth_class from marts.rpt_occupation_forecasts "
            "where growth_class is not null",
        )
    }
    assert classes_seen <= {"groeiberoep", "krimpberoep", "stabiel"}
    assert "groeiberoep" in classes_seen and "krimpberoep" in classes_seen


def test_every_region_has_a_profile_row_with_the_national_values(build):
    regions = _regions(build)
    rows = _rows(
        build,
        "select group_code, vulnerable_share_difference, jobs_growth_pct_difference "
        "from marts.rpt_region_profile",
    )
    codes = [row[0] for row in rows]
    assert sorted(codes) == sorted([*regions, "NL"])
    national = next(row for row in rows if row[0] == "NL")
    assert national[1] in (0, None) and national[2] in (0, None)
    filled = _scalar(
        build,
        """
        select count(*) from marts.rpt_region_profile
        where employee_persons is not null and skill_gap_1_task is not null
            and llo_course_participation is not null""",
    )
    assert filled >= len(regions) // 2


def test_every_region_has_a_market_row_per_sector_and_a_scenario_where_there_is_data(build):
    regions = _regions(build)
    sectors = {
        row[0] for row in _rows(build, "select sbi_section_code from reference.ref_sbi_sections")
    }
    rows = _rows(
        build,
        """
        select group_code, sector_code, market_side, suppressed, scenario, scenario_interpretation
        from marts.rpt_llo_market_matrix where group_type = 'arbeidsmarktregio'""",
    )
    cells = {(r[0], r[1], r[2]) for r in rows}
    assert cells == {
        (r, s, m) for r in regions for s in sectors for m in ("individuen", "werkgevers")
    }
    for region, sector, side, suppressed, scenario, text in rows:
        if not suppressed:
            assert scenario in {"ja-ja", "ja-nee", "nee-ja", "nee-nee"}, (region, sector, side)
            assert text
        else:
            assert scenario is None
    # Published national rows exist for the larger sectors.
    assert (
        _scalar(
            build,
            "select count(*) from marts.rpt_llo_market_matrix "
            "where group_code = 'NL' and not suppressed",
        )
        > 0
    )


def test_vulnerability_shares_are_consistent(build):
    rows = _rows(
        build,
        """
        select estimate, poor_prospects_share, low_llo_participation_share,
               low_basic_skills_share, low_task_effectiveness_share
        from marts.rpt_vulnerable_workers where not suppressed""",
    )
    assert rows
    for vulnerable, *conditions in rows:
        assert 0 <= vulnerable <= 1
        # A vulnerable worker meets at least two conditions: the condition shares add up
        # to at least twice the vulnerable share.
        assert sum(conditions) >= 2 * vulnerable - 1e-9
    national = _scalar(
        build,
        "select estimate from marts.rpt_vulnerable_workers "
        "where group_code = 'NL' and sector_code = 'totaal'",
    )
    assert 0 < national < 1


def test_shrinking_regions_are_older_and_train_less(build):
    """The generator calibrates krimpregio's (Zuid-Limburg, Groningen, Achterhoek, Zeeland)
    to an older population that follows fewer courses; the EBB marts must show it."""
    placeholders = ", ".join("?" for _ in SHRINKING_REGIONS)
    courses = dict(
        _rows(
            build,
            f"""
        select region_code in ({placeholders}),
               sum(estimate * n_unweighted) / sum(n_unweighted)
        from marts.rpt_course_participation_ebb_by_region
        where geography_level = 'arbeidsmarktregio' and not suppressed
        group by 1""",
            *SHRINKING_REGIONS,
        )
    )
    assert courses[True] < courses[False]
    ages = dict(
        _rows(
            build,
            f"""
        select region_code in ({placeholders}),
               sum(survey_weight * cast(age >= 55 as integer)) / sum(survey_weight)
        from linked.lnk_ebb_joined_to_polis
        group by 1""",
            *SHRINKING_REGIONS,
        )
    )
    assert ages[True] > ages[False]
