"""One place that turns environment variables into paths and settings.

Every path has a default under ``data/`` in the repository and can be overridden by the
variable documented in ``.env.example``. Relative values are taken relative to the
repository root, so commands behave the same from any working directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"
CONTRACTS_DIR = REPO_ROOT / "orchestration" / "sources" / "contracts"
SEEDS_DIR = DBT_PROJECT_DIR / "seeds" / "reference"


# Memory a DuckDB connection may use before it spills to disk (each connection the chain
# opens, and dbt's). Keeps the whole refresh within a modest machine's memory.
DEFAULT_DUCKDB_MEMORY_LIMIT = "4GB"


def duckdb_config() -> dict[str, str]:
    """Configuration for every read-write DuckDB connection of the chain."""
    return {
        "memory_limit": os.environ.get("LLO_DUCKDB_MEMORY_LIMIT") or DEFAULT_DUCKDB_MEMORY_LIMIT
    }


def _path(var: str, default: str) -> Path:
    value = os.environ.get(var) or default
    path = Path(value)
    return path if path.is_absolute() else REPO_ROOT / path


@dataclass(frozen=True)
class Settings:
    landing_dir: Path
    build_db: Path
    serving_db: Path
    dagster_home: Path
    superset_home: Path
    quality_dir: Path
    alert_log: Path

    @property
    def previous_serving_db(self) -> Path:
        """The serving file that was live before the last publish (kept for rollback)."""
        return self.serving_db.with_name(self.serving_db.name + ".previous")


def get_settings() -> Settings:
    """Read the settings now (not at import), so tests can point them at a temp dir."""
    return Settings(
        landing_dir=_path("LLO_LANDING_DIR", "data/landing"),
        build_db=_path("LLO_BUILD_DB", "data/warehouse/build.duckdb"),
        serving_db=_path("LLO_SERVING_DB", "data/serving/llo_radar.duckdb"),
        dagster_home=_path("DAGSTER_HOME", "data/dagster"),
        superset_home=_path("SUPERSET_HOME", "data/superset"),
        quality_dir=_path("LLO_QUALITY_DIR", "data/quality"),
        alert_log=_path("LLO_ALERT_LOG", "data/quality/alerts.log"),
    )
