"""Great Expectations checkpoints on the marts, surfaced as blocking Dagster asset checks.

Error-level expectations block: when one fails, downstream assets (publish) do not run.
Warning-level ones are recorded on the check with severity WARN.
"""


import dagster as dg

from expectations.runner import all_suites, record_outcome, run_suite
from expectations.spec import SuiteSpec
from orchestration.settings import get_settings


def build_gx_check(spec: SuiteSpec, asset_key: dg.AssetKey) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=asset_key,
        name=f"gx_{spec.name}",
        blocking=True,
        description=f"Great Expectations suite `{spec.name}` (expectations/suites).",
    )
    def _check() -> dg.AssetCheckResult:
        settings = get_settings()
        outcome = run_suite(spec, settings.build_db, settings.quality_dir)
        record_outcome(settings.build_db, outcome)
        severity = (
            dg.AssetCheckSeverity.ERROR if outcome.blocking_failure
            else dg.AssetCheckSeverity.WARN
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


def gx_checks(mart_keys: dict[str, dg.AssetKey], manifest) -> list[dg.AssetChecksDefinition]:
    """One check per mart: its hand-written suite, or the suite derived from the mart
    conventions (expectations/generic.py). Every hand-written suite must match a mart."""
    from expectations.generic import generic_suites

    custom = all_suites()
    suites = {**generic_suites(manifest, skip=set(custom)), **custom}
    checks = []
    for name, spec in sorted(suites.items()):
        if name not in mart_keys:
            raise ValueError(f"GX suite {name!r} has no mart model of that name")
        checks.append(build_gx_check(spec, mart_keys[name]))
    return checks


def raw_gx_checks(contracts) -> list[dg.AssetChecksDefinition]:
    """Volume and weight plausibility per raw source, period against period (blocking on
    error-level expectations: nothing downstream of a truncated delivery runs)."""
    from expectations.raw import raw_suite
    from orchestration.defs.ingestion.assets import raw_asset_key

    return [build_gx_check(raw_suite(contract), raw_asset_key(contract.source))
            for contract in contracts]


def freshness_checks(contracts) -> list[dg.AssetChecksDefinition]:
    """Per source: is the latest period its contract expects loaded? (warning, not blocking:
    a late delivery should not stop the refresh of everything else)."""
    import duckdb

    from orchestration.defs.ingestion.assets import raw_asset_key
    from orchestration.sources.ingest import last_loaded

    def build(contract) -> dg.AssetChecksDefinition:
        @dg.asset_check(
            asset=raw_asset_key(contract.source),
            name=f"freshness_{contract.source}",
            description=(f"The latest expected period of {contract.source} "
                         f"({contract.expected_periods()[-1]}) is loaded."),
        )
        def _check() -> dg.AssetCheckResult:
            settings = get_settings()
            con = duckdb.connect(str(settings.build_db), read_only=True)
            try:
                loaded = sorted(last_loaded(con, contract.source))
            finally:
                con.close()
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
