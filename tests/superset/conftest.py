"""Superset fixtures: the dbt manifest, and one provisioned Superset server per test session.

The server is provisioned once, started with ``serve.sh`` on a free local port, and shared by
the REST chain tests and the browser test, so ``make test`` pays for one provisioning and one
start (a second import is checked in test_superset_chain.py, through the REST API). It reads
the serving database of the real pipeline run (``serving_db_path`` from tests/conftest.py) and
is stopped by its PID. When the session includes Superset tests, provisioning and start-up
begin in a thread as soon as the chain has published, while the chain tests run.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import SESSION_FIXTURES, after_chain_published, at_session_end

REPO_ROOT = Path(__file__).resolve().parents[2]
SUPERSET_DIR = REPO_ROOT / "superset_config"
SUPERSET_VENV = REPO_ROOT / ".venv-superset"
PROVISION = ["-m", "superset_config.provision"]
SERVE = SUPERSET_DIR / "serve.sh"
DBT_PROJECT = REPO_ROOT / "dbt_project"

ADMIN = {"username": "llo_test_admin", "password": secrets.token_urlsafe(16)}
ANALYST = {"username": "llo_test_analist", "password": secrets.token_urlsafe(16)}

# Variables from a developer's shell or .env that must not leak into the test server.
LEAKY_VARIABLES = (
    "SUPERSET_METADATA_DB_URI",
    "SUPERSET_METADATA_DB_HOST",
    "REDIS_HOST",
    "SUPERSET_PORT",
    "SUPERSET_HOST",
    "SUPERSET_BIND_HOST",
    "SUPERSET_SECRET_KEY_FILE",
    "FLASK_APP",
    "SUPERSET_CONFIG_PATH",
    "SUPERSET_ADMIN_PASSWORD_FILE",
    "SUPERSET_ANALYST_PASSWORD_FILE",
    "VIRTUAL_ENV",
)


# ---------------------------------------------------------------------------
# dbt manifest
# ---------------------------------------------------------------------------


def _manifest_is_fresh(path: Path) -> bool:
    """The shared manifest is newer than every model, macro, seed and the project file."""
    if not path.exists():
        return False
    built = path.stat().st_mtime
    for folder in ("models", "macros", "seeds"):
        for source in (DBT_PROJECT / folder).rglob("*"):
            if source.is_file() and source.stat().st_mtime > built:
                return False
    return (DBT_PROJECT / "dbt_project.yml").stat().st_mtime <= built


@pytest.fixture(scope="session")
def dbt_manifest(tmp_path_factory) -> dict:
    """The dbt manifest of this working tree: dbt_project/target when fresh, else `dbt parse`
    into a temporary target path (the shared target directory is left alone)."""
    from superset_config import mart_datasets

    shared = DBT_PROJECT / "target" / "manifest.json"
    path = (
        shared
        if _manifest_is_fresh(shared)
        else mart_datasets.parse_manifest(REPO_ROOT, tmp_path_factory.mktemp("dbt_target"))
    )
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# Superset server
# ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop_by_pid(pid: int, timeout: float = 30) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.5)
    os.kill(pid, signal.SIGKILL)


class SupersetStart:
    """Provisioning and ``serve.sh start`` of the session's Superset, against a serving
    database; ``run`` does both (in a thread when started in the background)."""

    def __init__(self, serving_db: Path, home: Path, environ: dict[str, str]):
        self.home = home
        self.port = _free_port()
        self.env = {key: value for key, value in environ.items() if key not in LEAKY_VARIABLES}
        self.env.update(
            {
                "SUPERSET_HOME": str(home),
                "SUPERSET_SECRET_KEY": secrets.token_urlsafe(42),
                "LLO_RADAR_MODE": "test",
                "SUPERSET_ADMIN_USERNAME": ADMIN["username"],
                "SUPERSET_ADMIN_PASSWORD": ADMIN["password"],
                "SUPERSET_ADMIN_EMAIL": "beheer@llo-radar.test",
                "SUPERSET_ANALYST_USERNAME": ANALYST["username"],
                "SUPERSET_ANALYST_PASSWORD": ANALYST["password"],
                "LLO_SERVING_DB": str(serving_db),
                "SUPERSET_PORT": str(self.port),
                "SUPERSET_HOST": "127.0.0.1",
                "SCARF_ANALYTICS": "false",
            }
        )
        self.serving_db = serving_db
        self.timings: dict[str, float] = {}
        self.logs: dict[str, str] = {}
        self.results: dict[str, subprocess.CompletedProcess] = {}
        self.pid: int | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()
        self._stopped = False

    def run(self) -> None:
        try:
            self._run()
        except BaseException as error:  # reported by the fixture
            self.error = error
        finally:
            self.done.set()

    def _run(self) -> None:
        python = str(SUPERSET_VENV / "bin" / "python")
        done = self._timed_step("provision", [python, *PROVISION], timeout=900)
        self.logs["provision"] = done.stderr
        if done.returncode != 0 or self._stopped:
            return  # the session is ending: no server to start
        self._timed_step("server_start", [str(SERVE), "start"], timeout=300)
        self._read_pid()

    def _timed_step(self, name: str, command: list[str], timeout: int):
        """Run one start-up step in the Superset environment; keep its result and time."""
        started = time.monotonic()
        done = subprocess.run(
            command,
            check=False,
            env=self.env,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        self.timings[name] = round(time.monotonic() - started, 1)
        self.results[name] = done
        return done

    def _read_pid(self) -> None:
        pid_file = self.home / "superset.pid"
        if self.pid is None and pid_file.exists():
            self.pid = int(pid_file.read_text().strip())

    def stop(self) -> None:
        """Stop the server (after a start still under way has ended)."""
        self._stopped = True
        self.done.wait(timeout=1200)
        self._read_pid()
        if self.pid is not None:
            _stop_by_pid(self.pid)


# Started in a thread as soon as the session's chain has published (tests/conftest.py), when
# a collected test uses the ``superset`` fixture: provisioning and start-up then overlap
# with the chain tests that run before the Superset tests.
_BACKGROUND: list[SupersetStart] = []
_BACKGROUND_CREATED = threading.Event()


def _start_in_background(chain, tmp_path_factory, environ) -> None:
    if "superset" not in SESSION_FIXTURES:
        return
    try:
        start = SupersetStart(chain.serving_db, tmp_path_factory.mktemp("superset_home"), environ)
        _BACKGROUND.append(start)
        at_session_end(start.stop)
    finally:
        _BACKGROUND_CREATED.set()
    start.run()


after_chain_published(_start_in_background)


@pytest.fixture(scope="session")
def superset(serving_db_path, tmp_path_factory):
    """A provisioned Superset on a free local port; yields its URL, timings and home."""
    if "superset" in SESSION_FIXTURES:  # the chain fixture has started it in a thread
        _BACKGROUND_CREATED.wait(timeout=120)
    background = [start for start in _BACKGROUND if start.serving_db == serving_db_path]
    if background:
        start = background[0]
        waited = time.monotonic()
        assert start.done.wait(timeout=1200), "Superset provisioning did not finish"
        waited = round(time.monotonic() - waited, 1)
    else:
        start = SupersetStart(
            serving_db_path, tmp_path_factory.mktemp("superset_home"), dict(os.environ)
        )
        start.run()
        waited = None
    try:
        if start.error is not None:
            raise start.error
        done = start.results["provision"]
        assert done.returncode == 0, done.stderr[-4000:]
        done = start.results["server_start"]
        assert done.returncode == 0, done.stdout + done.stderr
        assert start.pid is not None
        timings = dict(start.timings)
        if waited is not None:
            timings["waited_for_background_start"] = waited
        print(f"\nSuperset timings (s): {timings}")
        yield {
            "url": f"http://127.0.0.1:{start.port}",
            "timings": start.timings,
            "home": start.home,
            "logs": start.logs,
            "env": start.env,
        }
    finally:
        start.stop()


def login(base: str, user: dict) -> requests.Session:
    """A logged-in REST session (bearer token plus CSRF token and session cookie)."""
    session = requests.Session()
    response = session.post(
        f"{base}/api/v1/security/login",
        timeout=30,
        json={**user, "provider": "db", "refresh": False},
    )
    assert response.status_code == 200, response.text
    session.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
    csrf = session.get(f"{base}/api/v1/security/csrf_token/", timeout=30).json()["result"]
    session.headers.update({"X-CSRFToken": csrf, "Referer": base})
    session.base = base  # type: ignore[attr-defined]
    return session


@pytest.fixture(scope="session")
def api(superset) -> requests.Session:
    return login(superset["url"], ADMIN)


@pytest.fixture(scope="session")
def analyst_api(superset) -> requests.Session:
    return login(superset["url"], ANALYST)
