"""Distributional invariants of the EBB course-participation mart (dbt owns keys/values)."""

from collections.abc import Sequence

import great_expectations.expectations as gxe

from expectations.spec import SuiteSpec, error, warning


def suite(region_codes: Sequence[str]) -> SuiteSpec:
    return SuiteSpec(
        name="rpt_course_participation_ebb_by_region",
        table="marts.rpt_course_participation_ebb_by_region",
        expectations=[
            error(gxe.ExpectTableRowCountToBeBetween(min_value=1)),
            error(gxe.ExpectColumnValuesToBeBetween(column="estimate", min_value=0, max_value=1)),
            error(
                gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                    column_A="estimate",
                    column_B="ci_lower",
                    or_equal=True,
                    ignore_row_if="either_value_is_missing",
                )
            ),
            error(
                gxe.ExpectColumnPairValuesAToBeGreaterThanB(
                    column_A="ci_upper",
                    column_B="estimate",
                    or_equal=True,
                    ignore_row_if="either_value_is_missing",
                )
            ),
            error(
                gxe.ExpectColumnValuesToBeNull(
                    column="estimate",
                    row_condition="suppressed==True",
                    condition_parser="pandas",
                )
            ),
            error(
                gxe.ExpectColumnValuesToBeNull(
                    column="population_persons",
                    row_condition="suppressed==True",
                    condition_parser="pandas",
                )
            ),
            error(
                gxe.ExpectColumnDistinctValuesToContainSet(
                    column="region_code",
                    value_set=[*region_codes, "NL"],
                )
            ),
            # Every year has a national figure that is published.
            error(
                gxe.ExpectColumnValuesToNotBeNull(
                    column="estimate",
                    row_condition='region_code=="NL"',
                    condition_parser="pandas",
                )
            ),
            # A national share of work-related courses in 4 weeks outside 2-50% is implausible.
            warning(
                gxe.ExpectColumnValuesToBeBetween(
                    column="estimate",
                    min_value=0.02,
                    max_value=0.5,
                    row_condition='region_code=="NL"',
                    condition_parser="pandas",
                )
            ),
        ],
    )
