"""A small serving DuckDB file with the shape of the published marts, for Superset work.

It lets the Superset bundle be developed and tested without running the pipeline. The
values are made up (plausible shares around 20%), not model output. Run it directly to
write a file for a local Superset:

    .venv/bin/python tests/superset/dev_serving_db.py data/serving/llo_radar.duckdb
"""

from __future__ import annotations

import csv
import math
import random
import sys
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[2]
REGIONS_CSV = REPO_ROOT / "dbt_project" / "seeds" / "reference" / "ref_labour_market_regions.csv"
YEARS = (2022, 2023, 2024)
SUPPRESSED = {("AM35", 2023)}
DISCLOSURE_MIN_N = 10
EBB_RELIABILITY_MIN_N = 150


def _regions() -> list[tuple[str, str, str]]:
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return [
            (row["region_code"], row["region_name"], row["province_code"])
            for row in csv.DictReader(handle)
        ]


def _row(rng, code, name, province, level, year, n):
    if (code, year) in SUPPRESSED:
        n = rng.randint(3, DISCLOSURE_MIN_N - 1)
    base = 0.17 + 0.01 * (year - YEARS[0])
    share = min(max(rng.gauss(base, 0.025), 0.05), 0.45)
    suppressed = n < DISCLOSURE_MIN_N
    if suppressed:
        return (code, name, province, level, year, str(year), None, None, None, None, None,
                True, None, "direct", "EBB", year >= 2021)
    n_eff = n * 0.8
    half = 1.96 * math.sqrt(share * (1 - share) / n_eff)
    persons = int(round(n * rng.uniform(40, 60), -1))
    reliability = "betrouwbaar" if n >= EBB_RELIABILITY_MIN_N else "indicatief"
    return (code, name, province, level, year, str(year), share, max(share - half, 0.0),
            min(share + half, 1.0), n, persons, False, reliability, "direct", "EBB",
            year >= 2021)


def build(path: Path) -> Path:
    """Write the dev serving file at ``path`` (replacing it) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    rng = random.Random(20250101)
    rows = []
    for year in YEARS:
        regional = []
        for code, name, province in _regions():
            n = rng.randint(90, 900)
            regional.append(_row(rng, code, name, province, "arbeidsmarktregio", year, n))
        total_n = sum(r[9] or 0 for r in regional)
        rows.append(_row(rng, "NL", "Nederland", None, "nederland", year, total_n))
        rows.extend(regional)
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema if not exists marts")
        con.execute(
            """
            create table marts.rpt_course_participation_ebb_by_region (
                region_code varchar, region_name varchar, province_code varchar,
                geography_level varchar, year integer, period varchar,
                estimate double, ci_lower double, ci_upper double,
                n_unweighted integer, population_persons bigint,
                suppressed boolean, reliability varchar, method varchar, source varchar,
                has_design_break boolean
            )
            """
        )
        con.executemany(
            "insert into marts.rpt_course_participation_ebb_by_region "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        con.execute("checkpoint")
    finally:
        con.close()
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else REPO_ROOT / "data/serving/llo_radar.duckdb")
    print(build(target))
