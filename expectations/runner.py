"""Run a suite as a GX checkpoint on a mart read from DuckDB, and build Data Docs.

GX's SQL datasource cannot read DuckDB (it closes the connection before fetching results),
so the mart is read read-only into a pandas DataFrame and validated as a dataframe asset.
The GX project (context, suites, checkpoints, Data Docs) is written under the quality
directory on every run; the suites in ``expectations/suites`` are the source of truth.
The caller gets a :class:`CheckOutcome` back and decides what to do with it (the pipeline
records it and blocks publishing on an error).
"""

from __future__ import annotations

import copy
import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import great_expectations as gx
from great_expectations.checkpoint import UpdateDataDocsAction

from expectations import suites as suites_package
from expectations.data_docs import localize
from expectations.generic import add_derived_columns
from expectations.spec import ERROR, SuiteSpec


@dataclass(frozen=True)
class CheckOutcome:
    suite: str
    evaluated: int
    failed_errors: list[str]
    failed_warnings: list[str]
    data_docs_index: Path

    @property
    def passed(self) -> bool:
        return not self.failed_errors and not self.failed_warnings

    @property
    def blocking_failure(self) -> bool:
        return bool(self.failed_errors)

    @property
    def severity(self) -> str:
        """'error' (a blocking expectation failed), 'warning' (only warnings) or 'ok'."""
        if self.failed_errors:
            return "error"
        return "warning" if self.failed_warnings else "ok"

    @property
    def failures(self) -> list[str]:
        return self.failed_errors + self.failed_warnings


def hand_written_suite(name: str, region_codes: Sequence[str]) -> SuiteSpec:
    """The suite in ``expectations/suites/<name>.py``."""
    spec = importlib.import_module(f"{suites_package.__name__}.{name}").suite(region_codes)
    if spec.name != name:
        raise ValueError(f"expectations/suites/{name}.py declares suite {spec.name!r}")
    return spec


def all_suites(region_codes: Sequence[str]) -> dict[str, SuiteSpec]:
    """The hand-written suites of ``expectations/suites``, by name."""
    return {name: hand_written_suite(name, region_codes) for name in suites_package.suite_names()}


def _context(quality_dir: Path):
    quality_dir.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(quality_dir))
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def data_docs_index(quality_dir: Path) -> Path:
    return quality_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def run_suite(spec: SuiteSpec, build_db: Path, quality_dir: Path) -> CheckOutcome:
    con = duckdb.connect(str(build_db), read_only=True)
    try:
        frame = con.execute(f"select * from {spec.table}").df()
    finally:
        con.close()
    frame = add_derived_columns(frame)

    context = _context(quality_dir)
    source = context.data_sources.add_or_update_pandas(name="build_marts")
    try:
        asset = source.get_asset(spec.name)
    except LookupError:
        asset = source.add_dataframe_asset(name=spec.name)
    try:
        batch = asset.get_batch_definition(spec.name)
    except KeyError:
        batch = asset.add_batch_definition_whole_dataframe(spec.name)
    suite = context.suites.add_or_update(
        gx.ExpectationSuite(
            name=spec.name,
            expectations=[copy.deepcopy(expectation) for expectation in spec.expectations],
        )
    )
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=spec.name, data=batch, suite=suite)
    )
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=spec.name,
            validation_definitions=[definition],
            actions=[UpdateDataDocsAction(name="update_data_docs")],
        )
    )
    result = checkpoint.run(batch_parameters={"dataframe": frame})
    localize(data_docs_index(quality_dir).parent)

    failed_errors, failed_warnings, evaluated = [], [], 0
    for validation in result.run_results.values():
        for outcome in validation.results:
            evaluated += 1
            if outcome.success:
                continue
            config = outcome.expectation_config
            severity = (config.meta or {}).get("severity", ERROR)
            label = f"{config.type}({_describe(config.kwargs)})"
            (failed_errors if severity == ERROR else failed_warnings).append(label)
    return CheckOutcome(
        spec.name, evaluated, failed_errors, failed_warnings, data_docs_index(quality_dir)
    )


def _describe(kwargs: dict) -> str:
    keys = ("column", "column_A", "column_B", "row_condition", "min_value", "max_value")
    return ", ".join(f"{key}={kwargs[key]!r}" for key in keys if kwargs.get(key) is not None)
