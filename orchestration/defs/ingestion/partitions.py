"""Partitions of the raw layer: one per calendar year of delivery.

Every source shares one partitions definition, so a single asset job can run the whole
chain (ingestion, dbt, checks, publish) over any range of years. A source's partition is the
year its files are for: a survey wave (NSS 2024), a Polis or register year, a POA edition,
or the four quarter files of an EBB year. Materializing a partition loads the new or
changed files of that year (unchanged files are recognised by checksum and skipped); a
range of partitions runs as one run (single-run backfill policy), so a backfill of
2017-2024 is one transaction per source, not eight runs.

The years run from the earliest period in any contract to the later of the latest
contracted period and the current year, so next year's delivery has a partition before it
lands.
"""

from __future__ import annotations

from datetime import date

import dagster as dg

from orchestration.sources.contracts import all_contracts
from orchestration.sources.ingest import period_year

RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"


def delivery_years() -> list[str]:
    periods = [
        period for contract in all_contracts().values() for period in contract.expected_periods()
    ]
    first = min(int(period_year(period)) for period in periods)
    last = max(max(int(period_year(period)) for period in periods), date.today().year)
    return [str(year) for year in range(first, last + 1)]


DELIVERY_YEARS = dg.StaticPartitionsDefinition(delivery_years())


def range_tags(years: list[str]) -> dict[str, str]:
    """Run tags that make one run cover the partitions from the first to the last year."""
    ordered = sorted(years)
    return {RANGE_START_TAG: ordered[0], RANGE_END_TAG: ordered[-1]}


def all_years_tags() -> dict[str, str]:
    return range_tags(DELIVERY_YEARS.get_partition_keys())
