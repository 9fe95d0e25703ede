"""Reference code lists (dbt seeds) and source contracts, as the generator uses them.

The contracts (``orchestration/sources/contracts/*.yml``, read by
``orchestration.sources.contracts``) are the one place that names the sources, their file
name patterns, CSV delimiters, periods and waves, and every column; the generator reads
them from there and repeats none of them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from orchestration.settings import SEEDS_DIR
from orchestration.sources.contracts import Contract, all_contracts


def read_seed(name: str) -> list[dict[str, str]]:
    with (SEEDS_DIR / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def contract(source: str) -> Contract:
    return all_contracts()[source]


def contracted_sources() -> list[str]:
    """Every source that has a contract."""
    return list(all_contracts())


def contracted_periods(source: str) -> list[str]:
    """Every period (quarter, year or wave) the contract of ``source`` expects a file for."""
    return contract(source).expected_periods()


def file_name(source: str, period: object) -> str:
    """The landing-zone path of the file for ``period``, relative to the landing dir."""
    return contract(source).file_pattern.replace("{period}", str(period))


def delivery_path(out: Path, source: str, period: object) -> Path:
    """Where the file of ``source`` for ``period`` goes in the landing zone ``out``."""
    return Path(out) / file_name(source, period)


@dataclass(frozen=True)
class Reference:
    region_codes: list[str]
    region_lat: np.ndarray
    region_lon: np.ndarray
    sbi_codes: list[str]  # A..U, index = sbi_section_number - 1
    brc_codes: list[str]  # 114 group codes, sorted
    brc_numbers: np.ndarray  # int form of the group code
    brc_class: np.ndarray  # class code per group as int (1..13)
    brc_skill: np.ndarray  # ISCO skill level 1..4 of the group's main unit group
    brc_isco2: list[str]  # ISCO-08 sub-major group per BRC group ('' if none)
    brc_names: list[str]
    class_codes: list[str]  # '01'..'13'
    municipalities: list[dict[str, str]]
    tasks: list[dict[str, str]]
    task_domains: list[dict[str, str]]

    @property
    def n_regions(self) -> int:
        return len(self.region_codes)


def _skill_level(isco: str) -> int:
    major = isco[0]
    if isco == "9999":
        return 1
    return {"0": 2, "1": 4, "2": 4, "3": 3, "9": 1}.get(major, 2)


@cache
def load_reference() -> Reference:
    regions = read_seed("ref_labour_market_regions")
    sbi = sorted(read_seed("ref_sbi_sections"), key=lambda r: int(r["sbi_section_number"]))
    brc = sorted(read_seed("ref_brc_occupations"), key=lambda r: r["brc_group_code"])
    return Reference(
        region_codes=[r["region_code"] for r in regions],
        region_lat=np.array([float(r["centroid_lat"]) for r in regions]),
        region_lon=np.array([float(r["centroid_lon"]) for r in regions]),
        sbi_codes=[r["sbi_section_code"] for r in sbi],
        brc_codes=[r["brc_group_code"] for r in brc],
        brc_numbers=np.array([int(r["brc_group_number"]) for r in brc]),
        brc_class=np.array([int(r["brc_class_code"]) for r in brc]),
        brc_skill=np.array([_skill_level(r["isco08_unit_group_code"]) for r in brc]),
        brc_isco2=[r["isco08_submajor_group_code"] for r in brc],
        brc_names=[r["brc_group_name"] for r in brc],
        class_codes=[f"{i:02d}" for i in range(1, 14)],
        municipalities=read_seed("ref_municipalities"),
        tasks=read_seed("ref_nss_tasks"),
        task_domains=read_seed("ref_nss_task_domains"),
    )
