"""LLO-Enquête and PIAAC marts against the synthetic generator's truth.

The chain runs once on tiny synthetic data (fixture ``published_chain``); the generator
writes the true population values next to the landing zone (``_truth/``). These tests
check that the published estimates cover the truth at the stated confidence and that the
marts show the patterns the seed report describes (section 3.2): course participation of
theoretically educated workers is high and stable, the gap to practically educated
workers is stable, the gap to workers without a startkwalificatie grows, and formal and
informal learning go together.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.slow

Z_95 = 1.959963984540054
Z_99 = 2.5758293035489004
MIN_COVERAGE = 0.85

# Mart indicator -> generator truth indicator (workers, nederland).
NATIONAL_TRUTH = {
    "course_participation": "cursus_12mnd_aandeel_werkenden",
    "informal_learning": "informeel_leren_aandeel_werkenden",
}
INFORMAL_BY_COURSE_TRUTH = {
    "cursus": "informeel_leren_aandeel_werkenden_met_cursus",
    "geen_cursus": "informeel_leren_aandeel_werkenden_zonder_cursus",
}
# Truth group types of the generator -> mart group types.
TRUTH_GROUP_TYPES = {
    "opleidingsrichting": "opleidingsrichting",
    "opleidingsniveau": "opleidingsniveau",
    "contractsoort": "contractsoort",
    "sbi_sectie": "sector",
}


def read_truth(landing: Path, source: str) -> pd.DataFrame:
    truth_dir = landing / "_truth"
    per_source = truth_dir / f"truth_{source}.parquet"
    frame = pd.read_parquet(per_source if per_source.exists() else truth_dir / "truth.parquet")
    return frame[frame["source"] == source].copy()


def query(con: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return con.execute(sql).df()


def coverage(frame: pd.DataFrame) -> float:
    inside = (frame["ci_lower"] <= frame["value"]) & (frame["value"] <= frame["ci_upper"])
    return float(inside.mean())


def weighted_slope(years: pd.Series, values: pd.Series, errors: pd.Series) -> tuple[float, float]:
    """Weighted least-squares slope per year and its standard error (weights 1 / se^2)."""
    x = years.to_numpy(float)
    y = values.to_numpy(float)
    w = 1.0 / np.square(errors.to_numpy(float))
    x_bar = np.sum(w * x) / np.sum(w)
    y_bar = np.sum(w * y) / np.sum(w)
    sxx = np.sum(w * np.square(x - x_bar))
    slope = np.sum(w * (x - x_bar) * (y - y_bar)) / sxx
    return float(slope), float(np.sqrt(1.0 / sxx))


@pytest.fixture(scope="module")
def marts(published_chain):
    con = duckdb.connect(str(published_chain.build_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def llo_truth(published_chain) -> pd.DataFrame:
    return read_truth(published_chain.landing, "llo_enquete")


@pytest.fixture(scope="module")
def piaac_truth(published_chain) -> pd.DataFrame:
    return read_truth(published_chain.landing, "piaac")


def national_cells(marts, llo_truth) -> pd.DataFrame:
    estimates = query(
        marts,
        """
        select indicator_code, cast(wave as varchar) as period, estimate, ci_lower, ci_upper
        from marts.rpt_llo_participation
        where group_type = 'nederland' and method = 'direct'
            and indicator_code in ('course_participation', 'informal_learning')
    """,
    )
    estimates["indicator"] = estimates["indicator_code"].map(NATIONAL_TRUTH)
    informal = query(
        marts,
        """
        select course_group_code, cast(wave as varchar) as period, estimate, ci_lower, ci_upper
        from marts.rpt_llo_informal_by_course
        where group_type = 'nederland' and course_group_code in ('cursus', 'geen_cursus')
    """,
    )
    informal["indicator"] = informal["course_group_code"].map(INFORMAL_BY_COURSE_TRUTH)
    truth = llo_truth[llo_truth["group_type"] == "nederland"][["indicator", "period", "value"]]
    cells = pd.concat([estimates, informal], ignore_index=True)
    return cells.merge(truth, on=["indicator", "period"], how="inner")


def test_national_participation_intervals_cover_the_truth(marts, llo_truth):
    cells = national_cells(marts, llo_truth)
    waves = sorted(llo_truth["period"].unique())
    assert len(cells) == 4 * len(waves), "a national wave x indicator cell has no estimate or truth"
    assert cells["estimate"].notna().all(), "a national LLO estimate is suppressed"
    share = coverage(cells)
    missed = cells[~cells["value"].between(cells["ci_lower"], cells["ci_upper"])]
    assert share >= MIN_COVERAGE, f"coverage {share:.2f} < {MIN_COVERAGE}:\n{missed}"


def test_group_participation_intervals_cover_the_truth(marts, llo_truth):
    estimates = query(
        marts,
        """
        select indicator_code, cast(wave as varchar) as period, group_type, group_code,
            estimate, ci_lower, ci_upper
        from marts.rpt_llo_participation
        where method = 'direct' and not suppressed
            and indicator_code in ('course_participation', 'informal_learning')
    """,
    )
    estimates["indicator"] = estimates["indicator_code"].map(NATIONAL_TRUTH)
    truth = llo_truth[llo_truth["group_type"].isin(TRUTH_GROUP_TYPES)].copy()
    truth["group_type"] = truth["group_type"].map(TRUTH_GROUP_TYPES)
    cells = estimates.merge(
        truth[["indicator", "period", "group_type", "group_code", "value"]],
        on=["indicator", "period", "group_type", "group_code"],
        how="inner",
    )
    assert len(cells) >= 100, f"only {len(cells)} group cells matched the truth"
    assert coverage(cells) >= MIN_COVERAGE


def test_theoretically_educated_participation_is_high_and_stable(marts):
    rows = query(
        marts,
        """
        select wave, group_code, estimate, standard_error
        from marts.rpt_llo_participation
        where indicator_code = 'course_participation' and group_type = 'opleidingsrichting'
            and method = 'direct'
        order by wave
    """,
    ).pivot(index="wave", columns="group_code")
    theoretical = rows["estimate"]["1"]
    assert (theoretical > 0.5).all(), theoretical
    assert (theoretical > rows["estimate"]["2"]).all()
    assert (theoretical > rows["estimate"]["3"]).all()
    errors = rows["standard_error"]["1"]
    slope, slope_se = weighted_slope(pd.Series(theoretical.index), theoretical, errors)
    assert abs(slope) < Z_99 * slope_se, f"trend {slope:.4f}/year (se {slope_se:.4f})"


def gap_series(marts, comparison: str) -> pd.DataFrame:
    return query(
        marts,
        f"""
        select wave, estimate, standard_error, change_since_first_wave_is_significant
        from marts.rpt_llo_participation_gaps
        where indicator_code = 'course_participation' and comparison_code = '{comparison}'
        order by wave
    """,
    )


def test_gap_theoretical_to_practical_is_stable(marts):
    gaps = gap_series(marts, "theoretisch_min_praktisch")
    assert len(gaps) == 7 and gaps["estimate"].notna().all()
    assert (gaps["estimate"] > 0).mean() >= 0.8, "theoretically educated should train more"
    slope, slope_se = weighted_slope(gaps["wave"], gaps["estimate"], gaps["standard_error"])
    assert abs(slope) < Z_99 * slope_se, f"gap trend {slope:.4f}/year (se {slope_se:.4f})"


def test_gap_to_workers_without_startkwalificatie_grows(marts, llo_truth):
    gaps = gap_series(marts, "theoretisch_min_zonder_startkwalificatie")
    assert len(gaps) == 7 and gaps["estimate"].notna().all()
    slope, _ = weighted_slope(gaps["wave"], gaps["estimate"], gaps["standard_error"])
    practical = gap_series(marts, "theoretisch_min_praktisch")
    practical_slope, _ = weighted_slope(
        practical["wave"], practical["estimate"], practical["standard_error"]
    )
    assert slope > 0, f"gap to zonder startkwalificatie does not grow: {slope:.4f}/year"
    assert slope > practical_slope
    first, last = gaps.iloc[0], gaps.iloc[-1]
    assert last["estimate"] > first["estimate"]
    # The generator's truth has the same direction (guards the test's premise).
    truth = llo_truth[
        (llo_truth["indicator"] == "cursus_12mnd_aandeel_werkenden")
        & (llo_truth["group_type"] == "opleidingsrichting")
    ].pivot(index="period", columns="group_code", values="value")
    true_gap = truth["1"] - truth["3"]
    assert true_gap.iloc[-1] > true_gap.iloc[0]


def test_informal_learning_is_higher_among_course_takers(marts):
    rows = query(
        marts,
        """
        select wave, group_type, group_code, estimate, ci_lower
        from marts.rpt_llo_informal_by_course
        where course_group_code = 'verschil' and not suppressed
    """,
    )
    national = rows[rows["group_type"] == "nederland"]
    assert len(national) == 7
    assert (national["ci_lower"] > 0).all(), national
    assert (rows["estimate"] > 0).mean() >= 0.9


def test_series_never_mix_the_ebb_course_concept(marts):
    sources = query(
        marts,
        """
        select distinct source from marts.rpt_llo_participation
        union select distinct source from marts.rpt_llo_participation_gaps
        union select distinct source from marts.rpt_llo_informal_by_course
    """,
    )
    assert set(sources["source"]) == {"llo_enquete"}


def test_every_region_has_a_composition_estimate(marts):
    counts = query(
        marts,
        """
        select wave, indicator_code, count(*) as n_regions,
            count(*) filter (where suppressed) as n_suppressed
        from marts.rpt_llo_participation
        where method = 'composition'
        group by all
    """,
    )
    assert len(counts) == 7 * 4
    assert (counts["n_regions"] == 35).all()
    # A region whose employment lies in a few thinly observed cells may be suppressed.
    assert counts["n_suppressed"].sum() <= 0.05 * counts["n_regions"].sum()


def test_piaac_2012_intervals_cover_the_truth(marts, piaac_truth):
    estimates = query(
        marts,
        """
        select domain_code, statistic, group_code, estimate, ci_lower, ci_upper
        from marts.rpt_basic_skills_piaac
        where wave = 2012 and population_code = 'volwassenen'
            and group_type in ('nederland', 'opleidingsniveau')
            and domain_code in ('literacy', 'numeracy')
    """,
    )
    domain = estimates["domain_code"].map({"literacy": "lit", "numeracy": "num"})
    statistic = estimates["statistic"].map(
        {"gemiddelde": "gemiddeld", "aandeel_niveau1_of_lager": "aandeel_niveau1_of_lager"}
    )
    estimates["indicator"] = "score_" + domain + "_" + statistic
    truth = piaac_truth[piaac_truth["period"] == "2012"][["indicator", "group_code", "value"]]
    cells = estimates.merge(truth, on=["indicator", "group_code"], how="inner")
    assert len(cells) == 16
    assert coverage(cells) >= MIN_COVERAGE
