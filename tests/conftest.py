"""Shared fixtures: one real run of the whole chain on tiny synthetic data per session.

Everything lives in a temporary directory: landing zone, build and serving databases,
Dagster and GX output. The run is the real Dagster job executed in process (ingestion,
dbt build, GX checks, publish); tests that change state work on a copy of it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_VARS = ("LLO_LANDING_DIR", "LLO_BUILD_DB", "LLO_SERVING_DB", "LLO_QUALITY_DIR",
            "LLO_ALERT_LOG", "DAGSTER_HOME")

os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("TQDM_DISABLE", "1")


@dataclass
class ChainDirs:
    root: Path

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def build_db(self) -> Path:
        return self.root / "warehouse" / "build.duckdb"

    @property
    def serving_db(self) -> Path:
        return self.root / "serving" / "llo_radar.duckdb"

    @property
    def quality(self) -> Path:
        return self.root / "quality"

    def environment(self) -> dict[str, str]:
        return {
            "LLO_LANDING_DIR": str(self.landing),
            "LLO_BUILD_DB": str(self.build_db),
            "LLO_SERVING_DB": str(self.serving_db),
            "LLO_QUALITY_DIR": str(self.quality),
            "LLO_ALERT_LOG": str(self.quality / "alerts.log"),
            "DAGSTER_HOME": str(self.root / "dagster"),
        }

    def activate(self) -> None:
        os.environ.update(self.environment())


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def generate(landing: Path, scale: str = "tiny", seed: int = 7, sources: str | None = None):
    command = [sys.executable, "-m", "synthetic", "--scale", scale,
               "--seed", str(seed), "--out", str(landing)]
    if sources:
        command += ["--sources", sources]
    subprocess.run(command, cwd=REPO_ROOT, check=True, capture_output=True)


REGIONS_SEED = REPO_ROOT / "dbt_project" / "seeds" / "reference" / "ref_labour_market_regions.csv"


def square_boundary_features(half_side: float = 0.04) -> list[dict]:
    """Synthetic arbeidsmarktregio boundaries for tests: a square around each centroid of the
    reference seed (AM01 with a small island, so one region is a MultiPolygon)."""
    import csv

    def square(lon: float, lat: float, half: float) -> list[list[float]]:
        return [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
                [lon - half, lat + half], [lon - half, lat - half]]

    features = []
    with REGIONS_SEED.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lon, lat = float(row["centroid_lon"]), float(row["centroid_lat"])
            geometry = {"type": "Polygon", "coordinates": [square(lon, lat, half_side)]}
            if row["region_code"] == "AM01":
                geometry = {"type": "MultiPolygon", "coordinates": [
                    [square(lon, lat + 0.3, 0.01)], geometry["coordinates"]]}
            features.append({"type": "Feature", "geometry": geometry, "properties": {
                "statcode": row["region_code"], "statnaam": row["region_name"]}})
    return features


def write_test_boundaries(landing: Path, year: int = 2024, features=None) -> Path:
    import json

    path = landing / "boundaries" / f"arbeidsmarktregio_{year}.geojson"
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"type": "FeatureCollection",
                "features": square_boundary_features() if features is None else features}
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def run_refresh(selection=None):
    """Execute the refresh job in process against the active environment."""
    import dagster as dg

    from orchestration.definitions import defs
    from orchestration.defs.ingestion.partitions import all_years_tags

    job = defs.resolve_job_def("refresh_warehouse_job")
    return job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False,
        asset_selection=selection, tags=all_years_tags(),
    )


@pytest.fixture(scope="session")
def _saved_environment():
    saved = {name: os.environ.get(name) for name in ENV_VARS}
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def published_chain(tmp_path_factory, _saved_environment) -> ChainDirs:
    """The chain run once, successfully, on tiny synthetic data. Do not modify it."""
    dirs = ChainDirs(tmp_path_factory.mktemp("chain"))
    generate(dirs.landing)
    write_test_boundaries(dirs.landing)
    dirs.activate()
    result = run_refresh()
    assert result.success, "the refresh job failed on freshly generated tiny data"
    return dirs


@pytest.fixture(scope="session")
def serving_db_path(published_chain) -> Path:
    """Path of the serving database published by the real chain."""
    return published_chain.serving_db


@pytest.fixture
def chain_copy(published_chain, tmp_path) -> ChainDirs:
    """A private copy of the published chain's state, active for this test."""
    copy = ChainDirs(tmp_path / "chain")
    shutil.copytree(published_chain.root, copy.root, ignore=shutil.ignore_patterns("dagster"))
    copy.activate()
    yield copy
    published_chain.activate()
