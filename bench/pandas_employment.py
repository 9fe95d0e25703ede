"""rpt_employment_by_region_sector in pandas, straight from the Polis landing files.

The same logic as the dbt chain stg_polis__jobs -> lnk_polis_employment_cells ->
lnk_polis_employment_disclosed -> rpt_employment_by_region_sector: cell sums per year x
work region (and NL) x SBI section (and all sectors), a full grid of the 35 regions and the
SBI sections from the reference seeds, primary suppression (persons < 10 or employers < 3),
four rounds of complementary suppression (regions within year x sector, then sectors within
year x region, twice), person counts, jobs and FTE rounded to 10, growth on the previous
year, then long by measure. Thresholds are the defaults of dbt_project.yml and the macros.

``compute(landing_dir)`` returns the mart and the seconds spent reading and computing;
``compare(frame, serving_db)`` counts how many (year, region, sector, measure) cells agree
with the published mart.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd

SEEDS = Path(__file__).resolve().parent.parent / "dbt_project" / "seeds" / "reference"
MIN_N = 10  # var disclosure_min_n
MIN_EMPLOYERS = 3  # disclosure_min_employers
ROUNDING = 10  # var person_count_rounding
FTE_HOURS = 1836  # full_time_hours_per_year
COLUMNS = [
    "rinpersoon",
    "beid",
    "jaar",
    "sbi_sectie",
    "amr_werk",
    "contractsoort",
    "verloonde_uren",
    "basisloon",
]
MEASURES = [
    ("jobs", "Banen van werknemers", "banen", "jobs_rounded"),
    (
        "full_time_equivalents",
        "Voltijdbanen (1.836 verloonde uren per jaar)",
        "voltijdbanen",
        "fte_rounded",
    ),
    ("jobs_growth_pct", "Groei banen t.o.v. vorig jaar", "procent", "jobs_growth_pct"),
    (
        "mean_annual_base_wage_eur",
        "Gemiddeld basisloon per baan per jaar",
        "euro per jaar",
        "mean_annual_base_wage_eur",
    ),
    (
        "median_annual_base_wage_eur",
        "Mediaan basisloon per baan per jaar",
        "euro per jaar",
        "median_annual_base_wage_eur",
    ),
    (
        "mean_hourly_wage_eur",
        "Gemiddeld uurloon (basisloon / verloonde uren)",
        "euro per uur",
        "mean_hourly_wage_eur",
    ),
    (
        "mean_paid_hours",
        "Gemiddeld verloonde uren per baan per jaar",
        "uren per jaar",
        "mean_paid_hours",
    ),
    (
        "flexible_contract_share",
        "Aandeel banen met een flexibel contract (bepaalde tijd)",
        "aandeel (0-1)",
        "flexible_contract_share",
    ),
]


def read_polis(landing_dir: Path) -> pd.DataFrame:
    files = sorted((Path(landing_dir) / "polis").glob("polis_banen_*.parquet"))
    return pd.concat([pd.read_parquet(f, columns=COLUMNS) for f in files], ignore_index=True)


def _cells(jobs: pd.DataFrame) -> pd.DataFrame:
    jobs = jobs.assign(flexible=(jobs["contractsoort"] == 2).astype("int64"))
    parts = []
    for keys, region, sector in (
        (["jaar", "amr_werk", "sbi_sectie"], None, None),
        (["jaar", "amr_werk"], None, "totaal"),
        (["jaar", "sbi_sectie"], "NL", None),
        (["jaar"], "NL", "totaal"),
    ):
        agg = (
            jobs.groupby(keys, sort=False)
            .agg(
                jobs=("rinpersoon", "size"),
                persons=("rinpersoon", "nunique"),
                employers=("beid", "nunique"),
                paid_hours=("verloonde_uren", "sum"),
                base_wage_eur=("basisloon", "sum"),
                median_annual_base_wage_eur=("basisloon", "median"),
                flexible_jobs=("flexible", "sum"),
            )
            .reset_index()
        )
        if region is not None:
            agg["amr_werk"] = region
        if sector is not None:
            agg["sbi_sectie"] = sector
        parts.append(agg)
    cells = pd.concat(parts, ignore_index=True)
    return cells.rename(
        columns={"jaar": "year", "amr_werk": "region_code", "sbi_sectie": "sector_code"}
    )


def _grid(cells: pd.DataFrame) -> pd.DataFrame:
    regions = pd.read_csv(SEEDS / "ref_labour_market_regions.csv", dtype=str)
    sectors = pd.read_csv(SEEDS / "ref_sbi_sections.csv", dtype=str)
    geographies = pd.concat(
        [
            pd.DataFrame(
                {
                    "geography_level": "arbeidsmarktregio",
                    "region_code": regions["region_code"],
                    "region_name": regions["region_name"],
                }
            ),
            pd.DataFrame(
                {
                    "geography_level": ["nederland"],
                    "region_code": ["NL"],
                    "region_name": ["Nederland"],
                }
            ),
        ],
        ignore_index=True,
    )
    sector_list = pd.concat(
        [
            pd.DataFrame(
                {
                    "sector_code": sectors["sbi_section_code"],
                    "sector_label": sectors["sbi_section_name"],
                }
            ),
            pd.DataFrame({"sector_code": ["totaal"], "sector_label": ["Alle sectoren"]}),
        ],
        ignore_index=True,
    )
    years = pd.DataFrame({"year": sorted(cells["year"].unique())})
    grid = years.merge(geographies, how="cross").merge(sector_list, how="cross")
    grid = grid.merge(cells, on=["year", "region_code", "sector_code"], how="left")
    for column in ("jobs", "persons", "employers"):
        grid[column] = grid[column].fillna(0).astype("int64")
    grid["is_hidden"] = (grid["persons"] < MIN_N) | (grid["employers"] < MIN_EMPLOYERS)
    return grid


def _complementary(grid: pd.DataFrame, partition: list[str], tiebreak: str) -> pd.Series:
    """complementary_suppressed(n_after_hiding(persons, is_hidden), partition, tiebreak)."""
    n = grid["persons"].where(~grid["is_hidden"], 0)
    small = n < MIN_N
    frame = grid[[*partition, tiebreak]].assign(_n=n, _small=small)
    count_small = frame.groupby(partition, sort=False)["_small"].transform("sum")
    ordered = frame.sort_values(
        [*partition, "_small", "_n", tiebreak],
        ascending=[True] * len(partition) + [False, True, True],
    )
    row_number = ordered.groupby(partition, sort=False).cumcount() + 1
    return small | ((count_small == 1) & (row_number.reindex(frame.index) == 2))


def _round(values: pd.Series) -> pd.Series:
    """DuckDB round(): half away from zero (values here are never negative)."""
    return np.floor(values / ROUNDING + 0.5) * ROUNDING


def disclosed(jobs: pd.DataFrame) -> pd.DataFrame:
    grid = _grid(_cells(jobs))
    grid["total_sector"] = grid["sector_code"] == "totaal"
    for _ in range(2):
        grid["is_hidden"] = _complementary(
            grid, ["year", "sector_code", "geography_level"], "region_code"
        )
        grid["is_hidden"] = _complementary(
            grid, ["year", "region_code", "total_sector"], "sector_code"
        )
    hidden = grid["is_hidden"]
    keep = ~hidden
    out = grid[
        ["year", "geography_level", "region_code", "region_name", "sector_code", "sector_label"]
    ].copy()
    out["suppressed"] = hidden
    out["employee_persons"] = _round(grid["persons"].astype(float)).where(keep)
    out["jobs_rounded"] = _round(grid["jobs"].astype(float)).where(keep)
    out["fte_rounded"] = _round(grid["paid_hours"] / FTE_HOURS).where(keep)
    jobs_nz = grid["jobs"].replace(0, np.nan)
    out["mean_annual_base_wage_eur"] = (grid["base_wage_eur"] / jobs_nz).where(keep)
    out["median_annual_base_wage_eur"] = grid["median_annual_base_wage_eur"].where(keep)
    out["mean_hourly_wage_eur"] = (
        grid["base_wage_eur"] / grid["paid_hours"].replace(0, np.nan)
    ).where(keep)
    out["mean_paid_hours"] = (grid["paid_hours"] / jobs_nz).where(keep)
    out["flexible_contract_share"] = (grid["flexible_jobs"] / jobs_nz).where(keep)
    ordered = grid.sort_values(["region_code", "sector_code", "year"])
    by_cell = ordered.groupby(["region_code", "sector_code"], sort=False)
    previous_jobs = by_cell["jobs"].shift().reindex(grid.index)
    previous_year = by_cell["year"].shift().reindex(grid.index)
    previous_hidden = by_cell["is_hidden"].shift().reindex(grid.index)
    growth_ok = keep & previous_hidden.eq(False) & (previous_year == grid["year"] - 1)
    out["jobs_growth_pct"] = ((grid["jobs"] / previous_jobs.replace(0, np.nan) - 1) * 100).where(
        growth_ok
    )
    return out


def mart(cells: pd.DataFrame) -> pd.DataFrame:
    """Long by measure, as rpt_employment_by_region_sector."""
    frames = []
    for order, (code, label, unit, column) in enumerate(MEASURES, start=1):
        frames.append(
            pd.DataFrame(
                {
                    "year": cells["year"],
                    "period": cells["year"].astype(str),
                    "group_type": cells["geography_level"],
                    "group_code": cells["region_code"],
                    "group_label": cells["region_name"],
                    "sector_code": cells["sector_code"],
                    "sector_label": cells["sector_label"],
                    "measure": code,
                    "measure_label": label,
                    "measure_unit": unit,
                    "measure_order": order,
                    "estimate": cells[column].astype(float).where(~cells["suppressed"]),
                    "n_unweighted": cells["employee_persons"],
                    "employee_persons": cells["employee_persons"],
                    "suppressed": cells["suppressed"],
                    "reliability": np.where(cells["suppressed"], None, "betrouwbaar"),
                    "method": "register",
                    "source": "polis",
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def compute(landing_dir: Path) -> tuple[pd.DataFrame, dict[str, float]]:
    started = time.perf_counter()
    jobs = read_polis(landing_dir)
    read = time.perf_counter()
    result = mart(disclosed(jobs))
    done = time.perf_counter()
    return result, {
        "read_s": read - started,
        "compute_s": done - read,
        "total_s": done - started,
        "input_rows": len(jobs),
    }


def compare(frame: pd.DataFrame, serving_db: Path) -> dict[str, float]:
    """Share of the published mart's cells that the pandas result reproduces (same
    suppression flag; estimates equal within 1e-6 relative, both null counts as equal)."""
    import duckdb

    with duckdb.connect(str(serving_db), read_only=True) as con:
        published = con.execute(
            "select year, group_code, sector_code, measure, estimate, suppressed "
            "from marts.rpt_employment_by_region_sector"
        ).df()
    joined = published.merge(
        frame[["year", "group_code", "sector_code", "measure", "estimate", "suppressed"]],
        on=["year", "group_code", "sector_code", "measure"],
        how="outer",
        suffixes=("_dbt", "_pandas"),
        indicator=True,
    )
    both = joined["_merge"] == "both"
    a, b = joined["estimate_dbt"].astype(float), joined["estimate_pandas"].astype(float)
    same_value = (a.isna() & b.isna()) | (np.abs(a - b) <= 1e-6 * np.maximum(1, np.abs(a)))
    same = both & same_value & (joined["suppressed_dbt"] == joined["suppressed_pandas"])
    return {
        "rows_dbt": len(published),
        "rows_pandas": len(frame),
        "rows_matched": int(same.sum()),
        "match_share": round(float(same.sum()) / max(1, len(published)), 6),
    }


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("landing_dir")
    parser.add_argument("--serving-db", help="compare with the published mart")
    args = parser.parse_args()
    result, timing = compute(Path(args.landing_dir))
    if args.serving_db:
        timing.update(compare(result, Path(args.serving_db)))
    print(json.dumps(timing, indent=2))
