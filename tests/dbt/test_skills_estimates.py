"""NSS skills marts against the generator's truth and the seed's findings (section 3.1).

Runs on the session's real chain (tiny synthetic data, seed 7): ~450 workers per NSS wave.
Assertions about estimates leave room for sampling error: coverage of the 95% intervals
over many cells, and rankings only where the true gaps are several standard errors wide.
Where tiny data cannot resolve a finding (22 of 33 tasks significantly less effective in
2024), the test checks the direction of the estimates and a share of significant results.
"""

from __future__ import annotations

import duckdb
import pytest

from synthetic import models as truth_model

pytestmark = pytest.mark.slow

MEASURE_TO_TRUTH = {
    "importance_mean": "belang_gemiddeld",
    "importance_share_important": "belang_aandeel_zeer_belangrijk",
    "effectiveness_mean": "effectiviteit_gemiddeld",
}
DEALING_WITH_PEOPLE, TEAMWORK, LISTENING, PROBLEM_SOLVING = 1, 2, 3, 17


@pytest.fixture(scope="module")
def con(published_chain):
    connection = duckdb.connect(str(published_chain.build_db), read_only=True)
    truth = published_chain.landing / "_truth" / "truth_nss.parquet"
    connection.execute(f"create temp view truth as select * from read_parquet('{truth}')")
    yield connection
    connection.close()


def national(con, measure: str) -> dict[int, dict[int, dict]]:
    rows = con.execute(
        "select wave, task_id, estimate, ci_lower, ci_upper, change_since_2012, "
        "change_since_2012_is_significant from marts.rpt_skills_by_task "
        "where group_type = 'nederland' and method = 'direct' and measure = ?",
        [measure],
    ).fetchall()
    out: dict[int, dict[int, dict]] = {}
    for wave, task, estimate, lower, upper, change, significant in rows:
        out.setdefault(wave, {})[task] = {
            "estimate": estimate,
            "lower": lower,
            "upper": upper,
            "change": change,
            "significant": significant,
        }
    return out


def ranking(values: dict[int, dict]) -> list[int]:
    return sorted(values, key=lambda task: values[task]["estimate"], reverse=True)


def test_every_wave_and_task_has_a_published_national_row(con):
    rows = con.execute(
        "select measure, count(*), count(estimate), bool_and(not suppressed) "
        "from marts.rpt_skills_by_task where group_type = 'nederland' group by measure"
    ).fetchall()
    assert {row[0] for row in rows} == {
        "importance_mean",
        "importance_share_important",
        "effectiveness_mean",
        "mismatch_z",
        "gap_share",
    }
    for measure, n_rows, n_estimates, all_published in rows:
        assert n_rows == n_estimates == 3 * 33 and all_published, measure


@pytest.mark.parametrize("measure", sorted(MEASURE_TO_TRUTH))
def test_national_intervals_cover_the_true_values(con, measure):
    covered, total = con.execute(
        """
        select count(*) filter (where truth.value between mart.ci_lower and mart.ci_upper),
               count(*)
        from marts.rpt_skills_by_task as mart
        inner join truth
            on truth.indicator = ? and truth.group_type = 'nederland'
            and truth.period = mart.period and truth.task_id = mart.task_id
        where mart.group_type = 'nederland' and mart.method = 'direct' and mart.measure = ?
        """,
        [MEASURE_TO_TRUTH[measure], measure],
    ).fetchone()
    assert total == 3 * 33
    assert covered / total >= 0.85, f"{measure}: {covered} of {total} intervals cover the truth"


def test_regional_composition_intervals_cover_the_true_values(con):
    covered, total = con.execute(
        """
        select count(*) filter (where truth.value between mart.ci_lower and mart.ci_upper),
               count(*)
        from marts.rpt_skills_by_task as mart
        inner join truth
            on truth.indicator = 'belang_gemiddeld' and truth.group_type = 'amr_code'
            and truth.group_code = mart.group_code
            and truth.period = mart.period and truth.task_id = mart.task_id
        where mart.group_type = 'arbeidsmarktregio' and mart.method = 'composition'
            and mart.measure = 'importance_mean' and not mart.suppressed
        """
    ).fetchone()
    assert total >= 35 * 33
    assert covered / total >= 0.80, f"{covered} of {total} composition intervals cover the truth"


def test_people_teamwork_and_listening_lead_and_problem_solving_rises_to_second(con):
    importance = national(con, "importance_mean")
    for wave in (2012, 2017):
        assert set(ranking(importance[wave])[:3]) == {DEALING_WITH_PEOPLE, TEAMWORK, LISTENING}
    top_2024 = ranking(importance[2024])
    # The seed: problem solving ends second in 2024. On ~450 workers the first four tasks
    # of 2024 lie within a few hundredths, so only the group of four is firm.
    assert set(top_2024[:4]) == {DEALING_WITH_PEOPLE, TEAMWORK, LISTENING, PROBLEM_SOLVING}
    assert PROBLEM_SOLVING in top_2024[:3]
    solving = importance[2024][PROBLEM_SOLVING]
    assert solving["change"] > 0.2 and solving["significant"]


def test_mean_importance_rises_from_2012_to_2024(con):
    importance = national(con, "importance_mean")
    mean = {
        wave: sum(t["estimate"] for t in tasks.values()) / len(tasks)
        for wave, tasks in importance.items()
    }
    assert mean[2024] > mean[2017] > mean[2012]
    assert mean[2024] - mean[2012] > 0.08


def test_effectiveness_falls_for_most_tasks_since_2012(con):
    effectiveness = national(con, "effectiveness_mean")[2024]
    decline = set(truth_model.DECLINE_TASKS)  # the 22 tasks of the seed
    down = {t for t, row in effectiveness.items() if row["change"] < 0}
    significant_down = {
        t for t, row in effectiveness.items() if row["change"] < 0 and row["significant"]
    }
    assert len(decline) == 22
    assert len(decline & down) >= 19
    # Tiny data has too little power for all 22; at least half are significant, and almost
    # no task whose effectiveness did not change comes out as a significant decline.
    assert len(significant_down & decline) >= 11
    assert len(significant_down - decline) <= 1


def test_change_columns_compare_published_rows_only(con):
    broken = con.execute(
        """
        select count(*) from marts.rpt_skills_by_task
        where (suppressed and (change_since_2012 is not null
                               or change_since_previous_wave is not null))
           or (wave = 2012 and change_since_2012 is not null)
           or (change_since_2012 is null) <> (change_since_2012_is_significant is null)
        """
    ).fetchone()[0]
    assert broken == 0


def test_occupation_transitions_rank_published_pairs(con):
    rows = con.execute(
        "select from_occupation_code, count(*) filter (where not suppressed), "
        "count(distinct distance_rank), min(distance_rank) "
        "from marts.rpt_occupation_transitions group by 1"
    ).fetchall()
    assert len(rows) >= 10
    for code, published, ranks, first in rows:
        if published:
            assert first == 1 and ranks <= published, code
    needs = con.execute(
        "select count(*) from marts.rpt_occupation_transition_learning_needs "
        "where is_learning_need and estimate <= 0"
    ).fetchone()[0]
    assert needs == 0
