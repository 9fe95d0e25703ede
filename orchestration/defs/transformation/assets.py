"""dbt (dbt-duckdb) builds staging, linked and marts in the build database."""

import os
import subprocess
import sys
import warnings
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from orchestration.defs.transformation.batches import plan_batches, record_build
from orchestration.settings import DBT_PROJECT_DIR, REPO_ROOT, get_settings

DBT_EXECUTABLE = Path(sys.executable).with_name("dbt")
DBT_SHIM = REPO_ROOT / "orchestration" / "bin" / "dbt"
# The manifest lives in dbt_project/target: `make manifest` writes it (see ensure_manifest).
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR)
MANIFEST = dbt_project.manifest_path


def dbt_environment() -> dict[str, str]:
    """Environment for every dbt call: the build database and an offline `dbt --version`."""
    settings = get_settings()
    return {
        "LLO_BUILD_DB": str(settings.build_db),
        "LLO_DBT_EXECUTABLE": str(DBT_EXECUTABLE),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_VERSION_CHECK": "false",
    }


def _project_files_newer_than(target: Path) -> bool:
    if not target.exists():
        return True
    built = target.stat().st_mtime
    for folder in ("models", "macros", "seeds", "tests"):
        for path in (DBT_PROJECT_DIR / folder).rglob("*"):
            if path.is_file() and path.stat().st_mtime > built:
                return True
    return (DBT_PROJECT_DIR / "dbt_project.yml").stat().st_mtime > built


class ManifestMissing(FileNotFoundError):
    """The dbt project has not been parsed: there is no manifest to build the assets from."""


def prepare_manifest() -> Path:
    """`dbt parse` into dbt_project/target (what `make manifest` does)."""
    subprocess.run(
        [str(DBT_EXECUTABLE), "parse", "--quiet"],
        cwd=DBT_PROJECT_DIR,
        env={**os.environ, **dbt_environment()},
        check=True,
    )
    return MANIFEST


def ensure_manifest() -> Path:
    """The manifest the dbt assets are built from, prepared once by `make manifest`.

    Importing the definitions never parses the dbt project, except under `dagster dev`,
    which parses it on every code reload (as `DbtProject.prepare_if_dev` does; done here
    with the offline dbt shim's environment). A missing manifest is an error that says
    what to run; one older than the dbt project is a warning.
    """
    if dbt_project.preparer.using_dagster_dev():
        prepare_manifest()
    if not MANIFEST.exists():
        raise ManifestMissing(
            f"No dbt manifest at {MANIFEST}: run `make manifest` (dbt parse) first. "
            "`make build`, `make demo` and `make test` prepare it themselves."
        )
    if _project_files_newer_than(MANIFEST):
        warnings.warn(
            f"The dbt manifest {MANIFEST} is older than the dbt project: the Dagster assets "
            "follow the project as it was then. Run `make manifest` to parse it again.",
            stacklevel=2,
        )
    return MANIFEST


class LayerTranslator(DagsterDbtTranslator):
    """Dagster groups follow the dbt layers (staging, linked, marts, reference)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        schema = dbt_resource_props.get("config", {}).get("schema")
        return schema or "dbt"


def mart_model_names(manifest_path: Path = MANIFEST) -> list[str]:
    import json

    manifest = json.loads(manifest_path.read_text())
    return sorted(
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"].get("schema") == "marts"
    )


def dbt_resource() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project, dbt_executable=str(DBT_SHIM))


def build_dbt_assets() -> dg.AssetsDefinition:
    manifest = ensure_manifest()

    @dbt_assets(manifest=manifest, dagster_dbt_translator=LayerTranslator(), name="warehouse")
    def warehouse(context: dg.AssetExecutionContext, dbt: DbtCliResource):
        """`dbt build`: seeds, models, data tests and unit tests, in dependency order.

        The microbatch models rebuild only the years delivered since the last build
        (orchestration/defs/transformation/batches.py)."""
        os.environ.update(dbt_environment())
        build_db = get_settings().build_db
        plan = plan_batches(build_db, manifest)
        context.log.info(f"dbt build {' '.join(plan.args)} ({plan.reason})")
        started_at = datetime.now(UTC)
        yield from dbt.cli(["build", *plan.args], context=context).stream()
        record_build(build_db, plan, started_at)

    return warehouse
