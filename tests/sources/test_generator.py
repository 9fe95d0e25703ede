"""The synthetic generator writes exactly the contracted files, reproducibly, with the
patterns of the source report in its truth file and realistic links between person keys.

One tiny run per module (seed 42) is shared by all tests; a second run checks determinism.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.parquet as pq
import pyreadstat
import pytest

from orchestration.sources.contracts import all_contracts
from orchestration.sources.ingest import ContractViolation, check_file
from synthetic import config as C
from synthetic import models as M
from synthetic.run import generate

SEED = 42
REPO_ROOT = Path(__file__).resolve().parents[2]
ARROW_TYPE = {"string": "string", "integer": "int32", "float": "double", "date": "date32[day]"}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, float]:
    out = tmp_path_factory.mktemp("tiny_landing")
    started = time.perf_counter()
    generate("tiny", SEED, out, quiet=True)
    return out, time.perf_counter() - started


@pytest.fixture(scope="module")
def landing(tiny) -> Path:
    return tiny[0]


@pytest.fixture(scope="module")
def truth(landing) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        "create table truth as select * from "
        f"read_parquet('{landing / '_truth' / 'truth.parquet'}')"
    )
    return con


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def data_files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): sha256(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and "_truth" not in p.parts
    }


# ------------------------------------------------------------------ files and contracts
def test_tiny_scale_runs_in_seconds(tiny):
    _, seconds = tiny
    assert seconds < 30, f"tiny generation took {seconds:.1f}s"


def test_every_contracted_period_is_delivered(landing):
    for name, contract in all_contracts().items():
        found = contract.find_files(landing)
        assert sorted(found) == sorted(contract.expected_periods()), name


def test_every_file_passes_its_contract(landing):
    problems = []
    for name, contract in all_contracts().items():
        for period, path in contract.find_files(landing).items():
            con = duckdb.connect()
            try:
                check_file(con, contract, path, period)
            except ContractViolation as violation:
                problems.append(f"{name} {period}: {violation.problems[:2]}")
            finally:
                con.close()
    assert not problems, problems


def test_rows_per_period_within_contract_band(landing):
    manifest = json.loads((landing / "_truth" / "manifest.json").read_text())
    for name, contract in all_contracts().items():
        low, high = contract.extra["rows_per_period"]["tiny"]
        for path, entry in manifest["files"].items():
            if entry["source"] == name:
                assert low <= entry["rows"] <= high, (path, entry["rows"], (low, high))


def test_parquet_types_match_contract(landing):
    for name in ("ebb", "polis"):
        contract = all_contracts()[name]
        path = next(iter(contract.find_files(landing).values()))
        schema = pq.read_schema(path)
        assert schema.names == contract.column_names
        for column in contract.columns:
            assert str(schema.field(column.name).type) == ARROW_TYPE[column.type], column.name


def test_spss_files_carry_variable_and_value_labels(landing):
    for name in ("nss", "llo_enquete"):
        contract = all_contracts()[name]
        path = next(iter(contract.find_files(landing).values()))
        _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
        assert meta.column_names == contract.column_names
        labelled = meta.variable_value_labels
        for column in contract.columns:
            if column.codes:
                assert column.name in labelled, column.name
        assert labelled["sbi_sectie"][3.0] == "Industrie"
        assert all(label for label in meta.column_labels)


def test_generator_reads_the_contracts_without_dagster():
    """The generator takes sources and periods from the contracts but needs no Dagster."""
    code = (
        "import sys, synthetic.__main__; from synthetic import config; "
        "print('dagster' in sys.modules, config.SOURCES)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, check=True, capture_output=True, text=True
    )
    assert result.stdout.split(" ", 1) == ["False", f"{list(all_contracts())}\n"]


# ------------------------------------------------------------------ determinism
def test_same_seed_gives_identical_files(landing, tmp_path):
    again = tmp_path / "again"
    generate("tiny", SEED, again, quiet=True)
    assert data_files(again) == data_files(landing)
    first = pq.read_table(landing / "_truth" / "truth.parquet")
    second = pq.read_table(again / "_truth" / "truth.parquet")
    assert first.equals(second)


def test_subset_run_reproduces_the_same_files(landing, tmp_path):
    part = tmp_path / "part"
    generate("tiny", SEED, part, sources=["ebb", "nss"], periods=["2024"], quiet=True)
    produced = data_files(part)
    assert set(produced) == {f"ebb/ebb_2024Q{q}.parquet" for q in range(1, 5)} | {
        "nss/nss_2024.sav"
    }
    full = data_files(landing)
    assert all(full[path] == digest for path, digest in produced.items())


def test_worker_processes_give_the_same_files(tmp_path, monkeypatch):
    """The national scale runs the population pass in worker processes; with the same
    chunks the result must not depend on the number of processes."""
    monkeypatch.setitem(C.SCALES, "tiny", dataclasses.replace(C.SCALES["tiny"], chunk=1250))
    digests = []
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}"
        generate(
            "tiny",
            SEED,
            out,
            sources=["ebb", "polis", "nss"],
            periods=["2024"],
            quiet=True,
            jobs=jobs,
        )
        files = data_files(out)
        files["truth"] = sha256(out / "_truth" / "truth.parquet")
        digests.append(files)
    assert digests[0] == digests[1]


def test_other_seed_gives_other_data(landing, tmp_path):
    other = tmp_path / "other"
    generate("tiny", SEED + 1, other, sources=["nss"], periods=["2024"], quiet=True)
    assert sha256(other / "nss/nss_2024.sav") != sha256(landing / "nss/nss_2024.sav")


# ------------------------------------------------------------------ person keys link
def test_person_keys_link_like_the_real_sources(landing):
    con = duckdb.connect()
    nss, _ = pyreadstat.read_sav(str(landing / "nss/nss_2024.sav"))
    llo, _ = pyreadstat.read_sav(str(landing / "llo_enquete/llo_2024.sav"))
    llo_2013, _ = pyreadstat.read_sav(str(landing / "llo_enquete/llo_2013.sav"))
    shared = set(nss.nomem_encr) & set(llo.nomem_encr)
    assert 0.25 < len(shared) / len(nss) < 0.95, "NSS and LLO 2024 share part of the LISS sample"
    assert not set(llo_2013.nomem_encr) & set(nss.nomem_encr), "DHS keys are not LISS keys"
    assert 0.85 < nss.rinpersoon.notna().mean() < 0.98, "not every LISS member links to the CBS"
    con.register("nss", nss)
    polis = landing / "polis/polis_banen_2024.parquet"
    ebb = landing / "ebb/ebb_2024Q2.parquet"
    # NSS employees with a RINPERSOON are found among Polis jobs, but not all of them
    rate = con.execute(f"""
        select avg((rinpersoon in (select rinpersoon from '{polis}'))::int)
        from (select cast(cast(rinpersoon as bigint) as varchar) as rinpersoon
              from nss where werkstatus = 1 and contractsoort in (1, 2) and rinpersoon is not null)
    """).fetchone()[0]
    assert 0.85 < rate < 1.0, rate
    # EBB employees link to Polis; the self-employed mostly do not
    employees, self_employed = con.execute(f"""
        select avg(case when contractsoort in (1, 2) then linked end),
               avg(case when contractsoort = 3 then linked end)
        from (select contractsoort,
                     (rinpersoon in (select rinpersoon from '{polis}'))::int as linked
              from '{ebb}' where arbeidsmarktpositie = 1)
    """).fetchone()
    assert 0.9 < employees < 1.0, employees
    assert self_employed < 0.5, self_employed


def test_polis_jobs_are_consistent(landing):
    con = duckdb.connect()
    files = f"{landing}/polis/polis_banen_*.parquet"
    bad = con.execute(f"""
        select count(*) from read_parquet('{files}')
        where datum_einde < datum_aanvang
           or year(coalesce(datum_einde, make_date(jaar, 12, 31))) <> jaar
           or year(datum_aanvang) > jaar or basisloon <= 0 or dagen < 1
    """).fetchone()[0]
    assert bad == 0
    # the same job keeps its employer from one year to the next
    changed = con.execute(f"""
        select count(*) from read_parquet('{files}') a join read_parquet('{files}') b
          on a.rinpersoon = b.rinpersoon and a.ikvid = b.ikvid and b.jaar = a.jaar + 1
        where a.beid <> b.beid or a.datum_aanvang <> b.datum_aanvang
    """).fetchone()[0]
    assert changed == 0


def test_ebb_weights_sum_to_the_population(landing):
    con = duckdb.connect()
    rows = con.execute(f"""
        select jaar, kwartaal, sum(ophoogfactor), min(ontwerpbreuk_2021), max(ontwerpbreuk_2021)
        from read_parquet('{landing}/ebb/ebb_*.parquet') group by all order by all
    """).fetchall()
    for year, _, total, low, high in rows:
        assert 11_500_000 < total < 14_000_000
        assert low == high == int(year >= 2021)


# ------------------------------------------------------------------ calibration (truth)
def nss_means(truth, indicator: str) -> dict[int, dict[int, float]]:
    rows = truth.execute(
        "select period, task_id, value from truth where source = 'nss' and indicator = ? "
        "and group_type = 'nederland'",
        [indicator],
    ).fetchall()
    out: dict[int, dict[int, float]] = {}
    for period, task, value in rows:
        out.setdefault(int(period), {})[task] = value
    return out


def test_truth_nss_top_tasks_and_rise_of_problem_solving(truth):
    importance = nss_means(truth, "belang_gemiddeld")
    for wave, values in importance.items():
        ranking = sorted(values, key=values.get, reverse=True)
        assert set(ranking[:4]) >= {1, 2, 3}, (wave, ranking[:5])
        if wave in (2012, 2017):
            assert set(ranking[:3]) == {1, 2, 3}, (wave, ranking[:5])
    assert sorted(importance[2024], key=importance[2024].get, reverse=True)[:2] == [1, 17]
    assert (
        np.mean(list(importance[2024].values())) > np.mean(list(importance[2012].values())) + 0.08
    )
    for task in (15, 17, 31):  # decimals/percentages, problem solving, computer use
        assert importance[2024][task] - importance[2012][task] > 0.2, task


def test_truth_nss_effectiveness_lower_in_2024_for_22_tasks(truth):
    effectiveness = nss_means(truth, "effectiviteit_gemiddeld")
    change = {t: effectiveness[2024][t] - effectiveness[2012][t] for t in range(1, 34)}
    lower = sorted(t for t, d in change.items() if d < -0.10)
    assert lower == sorted(M.DECLINE_TASKS) and len(lower) == 22
    assert all(abs(change[t]) < 0.06 for t in M.NO_DECLINE_TASKS)
    top = sorted(effectiveness[2024], key=effectiveness[2024].get, reverse=True)[:3]
    assert set(top) == {1, 2, 3}


def llo_rates(truth, indicator: str) -> dict[int, dict[str, float]]:
    rows = truth.execute(
        "select period, group_code, value from truth where source = 'llo_enquete' "
        "and indicator = ? and group_type = 'opleidingsrichting'",
        [indicator],
    ).fetchall()
    out: dict[int, dict[str, float]] = {}
    for period, code, value in rows:
        out.setdefault(int(period), {})[code] = value
    return out


def test_truth_llo_gaps_by_education_orientation(truth):
    rates = llo_rates(truth, "cursus_12mnd_aandeel_werkenden")
    waves = sorted(rates)
    assert waves == C.LLO_WAVES
    theoretical = [rates[w]["1"] for w in waves]
    assert min(theoretical) > 0.55 and max(theoretical) - min(theoretical) < 0.06
    gap_practical = [rates[w]["1"] - rates[w]["2"] for w in waves if w != 2020]
    assert max(gap_practical) - min(gap_practical) < 0.06
    gap_no_sk = [rates[w]["1"] - rates[w]["3"] for w in waves if w != 2020]
    assert gap_no_sk[-1] > gap_no_sk[0] + 0.06
    assert all(b >= a - 0.01 for a, b in itertools.pairwise(gap_no_sk))
    # 2020 (COVID-19): practically educated and those without startkwalificatie at their lowest
    assert rates[2020]["2"] == min(rates[w]["2"] for w in waves)
    assert rates[2020]["3"] == min(rates[w]["3"] for w in waves)


def test_truth_informal_learning_complements_courses(truth):
    rows = truth.execute("""
        select period,
               max(value) filter (where indicator like '%met_cursus'),
               max(value) filter (where indicator like '%zonder_cursus')
        from truth where source = 'llo_enquete'
                         and indicator like 'informeel_leren_aandeel_werkenden_%'
        group by period""").fetchall()
    assert len(rows) == len(C.LLO_WAVES)
    assert all(with_course > without + 0.15 for _, with_course, without in rows)
    informal = llo_rates(truth, "informeel_leren_aandeel_werkenden")
    assert all(informal[w]["1"] > informal[w]["2"] > informal[w]["3"] for w in informal)


def test_truth_ebb_regions_and_design_break(truth):
    region = dict(
        truth.execute("""
        select group_code, avg(value) from truth
        where source = 'ebb' and indicator = 'cursus_4wk_aandeel' and group_type = 'amr_code'
        group by 1""").fetchall()
    )
    national = np.mean(list(region.values()))
    for code in C.SHRINKING_REGIONS:
        assert region[code] < national, code
    series = dict(
        truth.execute("""
        select period, value from truth where source = 'ebb' and group_type = 'nederland'
        and indicator = 'cursus_4wk_aandeel_25_64'""").fetchall()
    )
    assert series["2021"] - series["2020"] > 0.04
    assert 0.13 < series["2010"] < 0.22 and 0.20 < series["2024"] < 0.32


def test_truth_piaac_gradient_by_education(truth):
    rows = dict(
        truth.execute("""
        select period || ':' || group_code, value from truth
        where source = 'piaac' and indicator = 'score_lit_gemiddeld'""").fetchall()
    )
    for wave in C.PIAAC_WAVES:
        assert rows[f"{wave}:3"] - rows[f"{wave}:1"] > 45
        assert 265 < rows[f"{wave}:NL"] < 300
