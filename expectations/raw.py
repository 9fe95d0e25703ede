"""Suites on the raw sources: volume and weight plausibility, period against period.

The contract check at ingestion owns the shape of each file
(columns, types, code lists, ranges, keys, period) and refuses a bad file before load.
These suites own what a single file cannot show: whether a period's volume and total
weight are plausible against the previous period of the same source.

* error: every loaded period has rows;
* error: rows within 0.2x-5x of the previous period (a truncated or duplicated extract);
* warning: rows within 0.67x-1.5x of the previous period (a redesign or a short delivery);
* warning: the total survey weight within 0.8x-1.25x of the previous period.
"""

from __future__ import annotations

from collections.abc import Iterable

import great_expectations.expectations as gxe

from expectations.spec import SuiteSpec, error, warning

WEIGHT_COLUMNS = ("ophoogfactor", "weegfactor", "spfwt0")


def raw_suite(source: str, columns: Iterable[str]) -> SuiteSpec:
    """The suite of one source, from its name and the columns of its raw table."""
    weight = next((c for c in columns if c in WEIGHT_COLUMNS), None)
    weight_sql = f"sum({weight})" if weight else "null"
    table = f"""(
        select
            _period as period,
            count(*) as row_count,
            {weight_sql} as weight_total,
            count(*) / lag(count(*)) over (order by _period) as rows_vs_previous,
            {weight_sql} / lag({weight_sql}) over (order by _period) as weight_vs_previous
        from raw."{source}"
        group by _period
    ) as periods"""
    expectations = [
        error(gxe.ExpectColumnValuesToBeBetween(column="row_count", min_value=1)),
        error(
            gxe.ExpectColumnValuesToBeBetween(column="rows_vs_previous", min_value=0.2, max_value=5)
        ),
        warning(
            gxe.ExpectColumnValuesToBeBetween(
                column="rows_vs_previous", min_value=0.67, max_value=1.5
            )
        ),
    ]
    if weight:
        expectations.append(
            warning(
                gxe.ExpectColumnValuesToBeBetween(
                    column="weight_vs_previous", min_value=0.8, max_value=1.25
                )
            )
        )
    return SuiteSpec(name=f"raw_{source}", table=table, expectations=expectations)
