"""Shared fixtures: one real run of the whole chain on tiny synthetic data per session.

Isolation: before anything else is imported, every path setting of the project
(``LLO_*`` paths, DAGSTER_HOME, SUPERSET_HOME) points into a temporary directory and the
other project settings a developer's shell may carry are dropped, so no test reads or
writes the repository's ``data/`` or ``.env``. Subprocesses get an explicit environment
and a neutral working directory (``subprocess_environment``, ``NEUTRAL_CWD``): the dagster
CLI loads ``.env`` from its working directory over the environment. The session fails when
``data/`` or ``.env`` of the repository changed while it ran.

The chain: everything lives in a temporary directory: landing zone, build and serving
databases, Dagster and GX output. The run is the real Dagster job executed in process
(ingestion, dbt build, GX checks, publish), once per session; tests that change state work
on a copy of it (``chain_copy``) and run only the steps their scenario needs.

Background work: a command that needs nothing from other tests (sqlfluff over every model)
is declared with ``background_command`` and starts when collection ends, if a collected test
uses its fixture; the fixture waits for it. Work that needs the published chain (provisioning
Superset) registers with ``after_chain_published`` and starts in a thread as soon as the chain
fixture succeeds. Both overlap with the tests that run meanwhile; a session stops what it
started by PID at its end.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_VARS = (
    "LLO_LANDING_DIR",
    "LLO_BUILD_DB",
    "LLO_SERVING_DB",
    "LLO_QUALITY_DIR",
    "LLO_ALERT_LOG",
    "DAGSTER_HOME",
)

# ---------------------------------------------------------------------------
# Isolation from the repository's data/ and .env (runs at import, before any test module)
# ---------------------------------------------------------------------------

# Settings of a developer's shell (or of `orchestration/bin/with-env`) that must not reach a
# test: paths, secrets, metadata database and Redis, the alert webhook, schedules.
PROJECT_PREFIXES = ("LLO_", "SUPERSET_", "DAGSTER_", "REDIS_")
KEPT_VARIABLES = ("DAGSTER_DISABLE_TELEMETRY",)
PROTECTED = (REPO_ROOT / "data", REPO_ROOT / ".env")


def _isolated_paths(root: Path) -> dict[str, str]:
    return {
        "LLO_LANDING_DIR": str(root / "landing"),
        "LLO_BUILD_DB": str(root / "warehouse" / "build.duckdb"),
        "LLO_SERVING_DB": str(root / "serving" / "llo_radar.duckdb"),
        "LLO_QUALITY_DIR": str(root / "quality"),
        "LLO_ALERT_LOG": str(root / "quality" / "alerts.log"),
        "DAGSTER_HOME": str(root / "dagster"),
        "SUPERSET_HOME": str(root / "superset"),
    }


def _isolate_environment(root: Path) -> None:
    for name in list(os.environ):
        if name.startswith(PROJECT_PREFIXES) and name not in KEPT_VARIABLES:
            del os.environ[name]
    os.environ.update(_isolated_paths(root))
    (root / "dagster").mkdir(parents=True, exist_ok=True)
    NEUTRAL_CWD.mkdir(parents=True, exist_ok=True)


SESSION_ROOT = Path(tempfile.mkdtemp(prefix="llo_tests_"))
# Working directory for subprocesses: empty, outside the repository (no .env to find).
NEUTRAL_CWD = SESSION_ROOT / "cwd"
_isolate_environment(SESSION_ROOT / "default")
os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("TQDM_DISABLE", "1")


def subprocess_environment(
    extra: dict[str, str] | None = None, base: dict[str, str] | None = None
) -> dict[str, str]:
    """The test process's (isolated) environment, or ``base``, for a subprocess run from
    NEUTRAL_CWD: the repository on PYTHONPATH, since the working directory is not the
    repository."""
    env = dict(os.environ if base is None else base)
    paths = [str(REPO_ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    env.update(extra or {})
    return env


# Files up to this size are hashed; larger ones (a national warehouse) are compared by
# size and modification time, which any write changes.
HASH_LIMIT = 64 * 1024 * 1024


# A Dagster daemon left running by `make demo` keeps writing its own instance (heartbeats in
# the run storage, sensor ticks, its log), tests or not. In a directory that holds a Dagster
# instance (dagster.yaml), those files are compared by existence only, and the instance's
# runs by their ids: a test that launched a run there (a new run id, a new run's event log
# or compute logs) is still caught.
LIVE_INSTANCE_FILES = re.compile(r"(^(daemon|webserver)\.log$|\.db$|\.db-(wal|shm|journal)$)")


def _dagster_run_ids(home: Path) -> tuple[str, ...]:
    runs_db = home / "history" / "runs.db"
    if not runs_db.exists():
        return ()
    try:
        with closing(sqlite3.connect(f"file:{runs_db}?mode=ro", uri=True)) as con:
            return tuple(sorted(row[0] for row in con.execute("select run_id from runs")))
    except sqlite3.Error:
        return ("<unreadable>",)


def snapshot(paths) -> dict[str, tuple]:
    """Size, modification time and (up to HASH_LIMIT) SHA-256 of every file under paths;
    in a Dagster instance, its run ids, and its live storage files by existence only."""
    state: dict[str, tuple] = {}
    for top in paths:
        top = Path(top)
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        homes = {path.parent for path in files if path.name == "dagster.yaml"}
        for home in homes:
            state[f"{home} (Dagster runs)"] = _dagster_run_ids(home)
        for path in files:
            if LIVE_INSTANCE_FILES.search(path.name) and any(
                path.is_relative_to(home) for home in homes
            ):
                state[str(path)] = ("live instance file",)
                continue
            try:
                stat = path.stat()
                digest = sha256_of(path) if stat.st_size <= HASH_LIMIT else None
            except OSError:
                continue
            state[str(path)] = (stat.st_size, stat.st_mtime_ns, digest)
    return state


def changed_files(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    """Paths added, removed or changed between two snapshots."""
    return sorted(path for path in set(before) | set(after) if before.get(path) != after.get(path))


_PROTECTED_BEFORE: dict[str, tuple] = {}
_ISOLATION_FAILURE: list[str] = []


def pytest_sessionstart(session):
    _PROTECTED_BEFORE.update(snapshot(PROTECTED))


def pytest_sessionfinish(session, exitstatus):
    for stop in reversed(_AT_SESSION_END):
        stop()
    changed = changed_files(_PROTECTED_BEFORE, snapshot(PROTECTED))
    if changed:
        _ISOLATION_FAILURE.extend(changed)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    shutil.rmtree(SESSION_ROOT, ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    """Marker `chain` on every test that needs the session's chain run (directly or through
    serving_db_path, chain_copy or another fixture): `make check` leaves them out."""
    for item in items:
        if "published_chain" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.chain)


def pytest_collection_finish(session):
    """Record which fixtures the collected tests use, and start the background commands
    whose fixture is among them."""
    for item in session.items:
        SESSION_FIXTURES.update(getattr(item, "fixturenames", ()))
    for name, command in _BACKGROUND_COMMANDS.items():
        if name in SESSION_FIXTURES:
            command.start()


def pytest_terminal_summary(terminalreporter):
    if _ISOLATION_FAILURE:
        terminalreporter.section("isolation", red=True)
        terminalreporter.line(
            f"FAILED: the tests changed {len(_ISOLATION_FAILURE)} file(s) of the repository's "
            "data/ or .env:",
            red=True,
        )
        for path in _ISOLATION_FAILURE[:50]:
            terminalreporter.line(f"  {path}", red=True)


# ---------------------------------------------------------------------------
# Background work
# ---------------------------------------------------------------------------

# Every fixture name a collected test uses (known when collection ends).
SESSION_FIXTURES: set[str] = set()
_BACKGROUND_COMMANDS: dict[str, BackgroundCommand] = {}  # or anything with start()
_AFTER_CHAIN: list[Callable] = []
_AT_SESSION_END: list[Callable[[], None]] = []


@dataclass
class Finished:
    returncode: int
    output: str
    seconds: float


@dataclass
class BackgroundCommand:
    """A subprocess in its own process group, output to a log file, under ``nice``: it takes
    the processor time the tests leave unused."""

    command: list[str]
    cwd: Path
    env: dict[str, str] = field(default_factory=dict)
    niceness: int = 10
    prepare: Callable[[], None] | None = None  # called just before the start
    replace_env: bool = False  # env is the whole environment, not additions to os.environ
    process: subprocess.Popen | None = None
    log: Path | None = None
    started: float = 0.0
    finished: float | None = None

    def start(self) -> None:
        if self.process is not None:
            return
        self.log = Path(tempfile.mkstemp(prefix="background_", suffix=".log", dir=SESSION_ROOT)[1])
        if self.prepare is not None:
            self.prepare()
        with self.log.open("wb") as handle:
            self.started = time.monotonic()
            self.process = subprocess.Popen(
                ["nice", "-n", str(self.niceness), *self.command],
                cwd=self.cwd,
                env=self.env if self.replace_env else {**os.environ, **self.env},
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _AT_SESSION_END.append(self.stop)

    def wait(self, timeout: float) -> Finished:
        self.start()
        assert self.process is not None and self.log is not None
        returncode = self.process.wait(timeout=timeout)
        if self.finished is None:
            self.finished = time.monotonic()
        output = self.log.read_text(errors="replace")
        return Finished(returncode, output, round(self.finished - self.started, 1))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def background_command(
    name: str,
    command: list[str],
    cwd: Path,
    env=None,
    timeout=1200,
    prepare=None,
    replace_env=False,
):
    """Declare ``command`` to run in the background from the end of collection on, when a
    collected test uses the fixture ``name``; the fixture waits for it and returns a
    ``Finished`` (return code, output, seconds from start to end). ``prepare()`` runs just
    before the start; with ``replace_env`` ``env`` is the command's whole environment."""
    job = BackgroundCommand(command, cwd, dict(env or {}), prepare=prepare, replace_env=replace_env)
    start_when_used(name, job)

    @pytest.fixture(name=name, scope="session")
    def _fixture() -> Finished:
        return job.wait(timeout)

    return _fixture


def start_when_used(name: str, job) -> None:
    """Call ``job.start()`` when collection ends, if a collected test uses the fixture
    ``name``; the job registers its own clean-up (``at_session_end``)."""
    _BACKGROUND_COMMANDS[name] = job


def after_chain_published(callback: Callable) -> None:
    """Call ``callback(chain_dirs, tmp_path_factory, environ)`` in a thread as soon as the
    session's chain run has succeeded (work that needs the serving database, e.g. starting
    Superset). ``environ`` is the process environment as the chain left it: the callback must
    not read ``os.environ``, which the tests running meanwhile change."""
    _AFTER_CHAIN.append(callback)


def at_session_end(stop: Callable[[], None]) -> None:
    """Call ``stop()`` when the session ends (servers started in the background)."""
    _AT_SESSION_END.append(stop)


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
    command = [
        sys.executable,
        "-m",
        "synthetic",
        "--scale",
        scale,
        "--seed",
        str(seed),
        "--out",
        str(landing),
    ]
    if sources:
        command += ["--sources", sources]
    subprocess.run(
        command, cwd=NEUTRAL_CWD, env=subprocess_environment(), check=True, capture_output=True
    )


REGIONS_SEED = REPO_ROOT / "dbt_project" / "seeds" / "reference" / "ref_labour_market_regions.csv"


def square_boundary_features(half_side: float = 0.04) -> list[dict]:
    """Synthetic arbeidsmarktregio boundaries for tests: a square around each centroid of the
    reference seed (AM01 with a small island, so one region is a MultiPolygon)."""
    import csv

    def square(lon: float, lat: float, half: float) -> list[list[float]]:
        return [
            [lon - half, lat - half],
            [lon + half, lat - half],
            [lon + half, lat + half],
            [lon - half, lat + half],
            [lon - half, lat - half],
        ]

    features = []
    with REGIONS_SEED.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lon, lat = float(row["centroid_lon"]), float(row["centroid_lat"])
            geometry = {"type": "Polygon", "coordinates": [square(lon, lat, half_side)]}
            if row["region_code"] == "AM01":
                geometry = {
                    "type": "MultiPolygon",
                    "coordinates": [[square(lon, lat + 0.3, 0.01)], geometry["coordinates"]],
                }
            features.append(
                {
                    "type": "Feature",
                    "geometry": geometry,
                    "properties": {"statcode": row["region_code"], "statnaam": row["region_name"]},
                }
            )
    return features


def write_test_boundaries(landing: Path, year: int = 2024, features=None) -> Path:
    import json

    path = landing / "boundaries" / f"arbeidsmarktregio_{year}.geojson"
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "type": "FeatureCollection",
        "features": square_boundary_features() if features is None else features,
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def downstream_of(*keys: str) -> list:
    """The asset keys of ``keys`` (e.g. "raw/ebb") and everything downstream of them: what a
    refresh after a delivery of those sources runs."""
    import dagster as dg

    from orchestration.definitions import defs

    selection = dg.AssetSelection.assets(
        *(dg.AssetKey(key.split("/")) for key in keys)
    ).downstream()
    return sorted(selection.resolve(defs.resolve_asset_graph()))


def run_refresh(selection=None):
    """Execute the refresh job in process against the active environment (all of it, or
    only the asset keys in ``selection``)."""
    import dagster as dg

    from orchestration.definitions import defs
    from orchestration.defs.ingestion.partitions import all_years_tags

    job = defs.resolve_job_def("refresh_warehouse_job")
    return job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        asset_selection=selection,
        tags=all_years_tags(),
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
    environ = dict(os.environ)  # as the chain left it: the tests change it meanwhile
    for callback in _AFTER_CHAIN:
        threading.Thread(
            target=callback, args=(dirs, tmp_path_factory, environ), daemon=True
        ).start()
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
