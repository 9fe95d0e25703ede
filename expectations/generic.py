"""Suites derived from the mart conventions, for every mart without a hand-written suite.

dbt owns keys, not-null and accepted values. These suites own what dbt tests do not express,
read from each mart's documented columns in the dbt manifest:

* error: the mart has rows;
* error: a published interval contains its estimate (``ci_lower <= estimate <= ci_upper``,
  up to floating-point noise of 1e-9: the runner adds the two differences as columns);
* error: a suppressed row carries no estimate, bounds, n or person count;
* error: columns documented as a share (``meta.unit`` exactly 'aandeel (0-1)') lie in [0, 1];
* error: marts by arbeidsmarktregio (a ``region_code`` column) list all 35 regions;
* warning: at most half of the rows suppressed (more means the mart says little).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import great_expectations.expectations as gxe

from expectations.spec import SuiteSpec, error, warning

SUPPRESSIBLE = ("estimate", "ci_lower", "ci_upper", "n_unweighted")
TOLERANCE = 1e-9
# Derived columns the runner adds to a frame that has an estimate and an interval.
INTERVAL_GAPS = ("_estimate_minus_ci_lower", "_ci_upper_minus_estimate")


def add_derived_columns(frame):
    """Columns some generic expectations read (added to the validated DataFrame only)."""
    if {"estimate", "ci_lower", "ci_upper"} <= set(frame.columns):
        frame = frame.assign(
            _estimate_minus_ci_lower=frame["estimate"] - frame["ci_lower"],
            _ci_upper_minus_estimate=frame["ci_upper"] - frame["estimate"],
        )
    return frame


def mart_columns(manifest_path: Path) -> dict[str, dict[str, dict]]:
    manifest = json.loads(manifest_path.read_text())
    return {
        node["name"]: node["columns"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"].get("schema") == "marts"
    }


def suite_for(name: str, columns: dict[str, dict], region_codes: Sequence[str]) -> SuiteSpec:
    expectations = [error(gxe.ExpectTableRowCountToBeBetween(min_value=1))]
    has = set(columns)
    if {"estimate", "ci_lower", "ci_upper"} <= has:
        expectations += [
            error(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=-TOLERANCE))
            for column in INTERVAL_GAPS
        ]
    if "suppressed" in has:
        hidden = [c for c in columns if c in SUPPRESSIBLE or c.endswith("_persons")]
        expectations += [
            error(
                gxe.ExpectColumnValuesToBeNull(
                    column=column, row_condition="suppressed==True", condition_parser="pandas"
                )
            )
            for column in hidden
        ]
        expectations.append(
            warning(
                gxe.ExpectColumnMeanToBeBetween(column="suppressed", min_value=0, max_value=0.5)
            )
        )
    for column, spec in columns.items():
        unit = str((spec.get("meta") or {}).get("unit") or "")
        if unit.strip() == "aandeel (0-1)":
            expectations.append(
                error(
                    gxe.ExpectColumnValuesToBeBetween(
                        column=column, min_value=-TOLERANCE, max_value=1 + TOLERANCE
                    )
                )
            )
    if "region_code" in has:
        expectations.append(
            error(
                gxe.ExpectColumnDistinctValuesToContainSet(
                    column="region_code", value_set=list(region_codes)
                )
            )
        )
    return SuiteSpec(name=name, table=f"marts.{name}", expectations=expectations)


def generic_suites(
    manifest_path: Path, skip: set[str], region_codes: Sequence[str]
) -> dict[str, SuiteSpec]:
    """A suite per mart of the dbt manifest, except those in ``skip``; ``region_codes``
    are the arbeidsmarktregio codes a mart by region must list."""
    return {
        name: suite_for(name, columns, region_codes)
        for name, columns in sorted(mart_columns(manifest_path).items())
        if name not in skip
    }
