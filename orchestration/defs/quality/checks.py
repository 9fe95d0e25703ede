"""Great Expectations checkpoints on the marts, surfaced as blocking Dagster asset checks.

Error-level expectations block: when one fails, downstream assets (publish) do not run.
Warning-level ones are recorded on the check with severity WARN. Every result is also kept
in the bookkeeping (``pipeline.check_results``) for the data-quality mart.

``expectations/`` builds and runs the suites and returns the outcome; this module gives it
what it needs (paths, contract data, region codes) and records what comes back. Suites are
built when a check runs, so loading the definitions does not import Great Expectations.
"""

from collections.abc import Callable

import dagster as dg

from expectations.suites import suite_names
from orchestration import bookkeeping
from orchestration.settings import get_settings

REGION_CODES = "ref_labour_market_regions.region_code"


def _region_codes() -> list[str]:
    from orchestration.sources.contracts import seed_codes

    return seed_codes(REGION_CODES)


def build_gx_check(
    name: str, asset_key: dg.AssetKey, suite, description: str
) -> dg.AssetChecksDefinition:
    """A blocking check that runs the suite ``suite()`` returns and records its outcome."""

    @dg.asset_check(asset=asset_key, name=f"gx_{name}", blocking=True, description=description)
    def _check() -> dg.AssetCheckResult:
        from expectations.runner import run_suite

        settings = get_settings()
        outcome = run_suite(suite(), settings.build_db, settings.quality_dir)
        with bookkeeping.writing(settings.build_db) as con:
            bookkeeping.record_check(
                con,
                check_name=f"gx_{outcome.suite}",
                target=outcome.suite,
                passed=outcome.passed,
                severity=outcome.severity,
                evaluated=outcome.evaluated,
                failed=len(outcome.failures),
                details="; ".join(outcome.failures) or None,
            )
        severity = (
            dg.AssetCheckSeverity.ERROR if outcome.blocking_failure else dg.AssetCheckSeverity.WARN
        )
        return dg.AssetCheckResult(
            passed=outcome.passed,
            severity=severity,
            metadata={
                "evaluated_expectations": outcome.evaluated,
                "failed_errors": "; ".join(outcome.failed_errors) or "-",
                "failed_warnings": "; ".join(outcome.failed_warnings) or "-",
                "data_docs": dg.MetadataValue.url(outcome.data_docs_index.as_uri()),
            },
        )

    return _check


def _mart_suite(name: str, manifest, hand_written: bool) -> Callable:
    def suite():
        if hand_written:
            from expectations.runner import hand_written_suite

            return hand_written_suite(name, _region_codes())
        from expectations.generic import mart_columns, suite_for

        return suite_for(name, mart_columns(manifest)[name], _region_codes())

    return suite


def gx_checks(mart_keys: dict[str, dg.AssetKey], manifest) -> list[dg.AssetChecksDefinition]:
    """One check per mart: its hand-written suite, or the suite derived from the mart
    conventions (expectations/generic.py). Every hand-written suite must match a mart."""
    custom = set(suite_names())
    unknown = sorted(custom - set(mart_keys))
    if unknown:
        raise ValueError(f"GX suite(s) {unknown} have no mart model of that name")
    checks = []
    for name, key in sorted(mart_keys.items()):
        where = (
            f"expectations/suites/{name}.py"
            if name in custom
            else "derived from the mart conventions, expectations/generic.py"
        )
        checks.append(
            build_gx_check(
                name,
                key,
                _mart_suite(name, manifest, name in custom),
                f"Great Expectations suite `{name}` ({where}).",
            )
        )
    return checks


def raw_gx_checks(contracts) -> list[dg.AssetChecksDefinition]:
    """Volume and weight plausibility per raw source, period against period (blocking on
    error-level expectations: nothing downstream of a truncated delivery runs)."""
    from orchestration.defs.ingestion.assets import raw_asset_key

    def suite_of(contract):
        def suite():
            from expectations.raw import raw_suite

            return raw_suite(contract.source, contract.column_names)

        return suite

    return [
        build_gx_check(
            f"raw_{contract.source}",
            raw_asset_key(contract.source),
            suite_of(contract),
            f"Great Expectations suite `raw_{contract.source}` (expectations/raw.py).",
        )
        for contract in contracts
    ]


def freshness_checks(contracts) -> list[dg.AssetChecksDefinition]:
    """Per source: is the latest period its contract expects loaded? (warning, not blocking:
    a late delivery should not stop the refresh of everything else)."""
    from orchestration.defs.ingestion.assets import raw_asset_key

    def build(contract) -> dg.AssetChecksDefinition:
        @dg.asset_check(
            asset=raw_asset_key(contract.source),
            name=f"freshness_{contract.source}",
            description=(
                f"The latest expected period of {contract.source} "
                f"({contract.expected_periods()[-1]}) is loaded."
            ),
        )
        def _check() -> dg.AssetCheckResult:
            with bookkeeping.reading(get_settings().build_db) as con:
                loaded = sorted(bookkeeping.last_loaded(con, contract.source))
            expected = contract.expected_periods()
            missing = [period for period in expected if period not in loaded]
            latest = loaded[-1] if loaded else None
            return dg.AssetCheckResult(
                passed=latest is not None and latest >= expected[-1],
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    "latest_loaded_period": latest or "-",
                    "expected_latest_period": expected[-1],
                    "missing_periods": ", ".join(missing[:20]) or "-",
                },
            )

        return _check

    return [build(contract) for contract in contracts]
