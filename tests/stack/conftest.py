"""The production stack of docker-compose.yml, run natively: one fixture per service.

There is no Docker engine on the build machines, so these fixtures start the compose
services as local processes, with the commands, environment and config files that
docker-compose.yml gives them:

* ``postgres``: a private cluster (``initdb`` in a temporary directory, run as the
  ``postgres`` user when the tests run as root) with the compose user and password and
  ``orchestration/docker/postgres-init.sql``.
* ``redis``: a private ``redis-server`` without persistence.
* ``superset_stack``: ``superset-init`` (provision.py), ``superset`` (gunicorn) and
  ``superset-worker`` (Celery), with the compose environment.
* ``dagster_stack``: ``dagster-daemon`` and ``dagster-webserver`` with
  ``orchestration/dagster/dagster.postgres.yaml`` as ``$DAGSTER_HOME/dagster.yaml``.

Every process runs in an empty working directory outside the repository, with the
repository on PYTHONPATH (the image's /app): the Dagster and Flask command lines load a
``.env`` from their working directory, and a developer's ``.env`` must not reconfigure the
stack (Dagster would come up on the ``.env``'s SQLite instance instead of PostgreSQL).

Only addresses change: host names become 127.0.0.1, ports are free local ports, Docker
secrets are files in a temporary directory, volumes are temporary directories. Every
process runs through ``orchestration/docker/entrypoint.sh`` (which turns ``*_FILE``
secrets into variables, as in the images), binds to 127.0.0.1 and is stopped by its PID
when the package's tests are done.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
ENTRYPOINT = REPO_ROOT / "orchestration" / "docker" / "entrypoint.sh"
POSTGRES_INIT_SQL = REPO_ROOT / "orchestration" / "docker" / "postgres-init.sql"
DAGSTER_POSTGRES_YAML = REPO_ROOT / "orchestration" / "dagster" / "dagster.postgres.yaml"
PIPELINE_BIN = REPO_ROOT / ".venv" / "bin"
SUPERSET_BIN = REPO_ROOT / ".venv-superset" / "bin"

# Schedule whose cron the daemon gets overridden to every minute.
WEEKLY_SCHEDULE = "weekly_refresh_warehouse_schedule"

# Variables of a developer's shell, .env or other tests that must not reach the services.
PROJECT_PREFIXES = ("LLO_", "DAGSTER_", "SUPERSET_", "REDIS_", "PG")
PROJECT_VARIABLES = ("FLASK_APP", "VIRTUAL_ENV", "HOSTNAME")


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "stack: starts the production stack natively (PostgreSQL, Redis, Superset "
        "with Celery, Dagster daemon and webserver); `make stack-test`",
    )


# ---------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@dataclass
class Service:
    """A process started in its own session, with its output in a log file."""

    name: str
    process: subprocess.Popen
    log: Path
    stop_signal: int = signal.SIGTERM

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- last lines of {self.log} ---\n" + "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 30) -> None:
        """Stop by PID; whatever is left of its process group (same PID) is killed."""
        if self.running():
            self.process.send_signal(self.stop_signal)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        # Children (gunicorn/celery workers, Dagster code servers and run workers) were
        # started in the session this process leads: its process group has its PID.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)


@dataclass
class Stack:
    """Temporary directories, secrets and the services started so far."""

    root: Path
    secrets: dict[str, Path] = field(default_factory=dict)
    services: list[Service] = field(default_factory=list)

    @property
    def cwd(self) -> Path:
        """The working directory of every service: empty, no .env."""
        path = self.root / "cwd"
        path.mkdir(exist_ok=True)
        return path

    def secret(self, name: str) -> str:
        return self.secrets[name].read_text().strip()

    def start(
        self,
        name: str,
        command: list[str],
        env: dict[str, str],
        stop_signal=signal.SIGTERM,
        user: str | None = None,
        cwd: Path | None = None,
    ) -> Service:
        log = self.root / "logs" / f"{name}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        extra = {"user": user, "group": user, "extra_groups": []} if user else {}
        with log.open("ab") as handle:
            process = subprocess.Popen(
                command,
                cwd=cwd or self.cwd,
                env=env,
                stdout=handle,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                **extra,
            )
        service = Service(name, process, log, stop_signal)
        self.services.append(service)
        return service

    def stop_all(self) -> None:
        for service in reversed(self.services):
            service.stop()
        self.services.clear()


def wait_for(check, timeout: float, what, service: Service | None = None, interval: float = 1.0):
    """Poll ``check()`` until it returns something truthy; fail with the service's log.

    ``what`` names the awaited state; a callable is asked for it when the wait fails.
    """
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if service is not None and not service.running():
            what = what() if callable(what) else what
            pytest.fail(
                f"{service.name} exited ({service.process.returncode}) while waiting "
                f"for {what}\n{service.tail()}"
            )
        try:
            result = check()
            if result:
                return result
        except Exception as error:
            last_error = error
        time.sleep(interval)
    detail = service.tail() if service is not None else ""
    what = what() if callable(what) else what
    pytest.fail(
        f"timed out after {timeout:.0f} s waiting for {what} (last error: {last_error!r})\n{detail}"
    )


def http_ok(url: str) -> bytes | None:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read() if response.status == 200 else None


def run(
    command: list[str],
    env: dict[str, str],
    timeout: float = 300,
    user: str | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess:
    """Run a command to completion; by default in an empty directory (no .env to load)."""
    if cwd is None:
        cwd = Path(tempfile.gettempdir())
    extra = {"user": user, "group": user, "extra_groups": []} if user else {}
    return subprocess.run(
        command,
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        **extra,
    )


def base_environment() -> dict[str, str]:
    """The test process's environment without the project's own settings.

    ``*_FILE`` variables are left out too: the entrypoint turns every one of them into a
    variable with the file's contents (a CA bundle in ``SSL_CERT_FILE`` would exceed the
    size limit of one variable); in the images only the compose secrets end in ``_FILE``.
    """
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(PROJECT_PREFIXES)
        and key not in PROJECT_VARIABLES
        and not key.endswith("_FILE")
    } | {"PYTHONPATH": str(REPO_ROOT)}


def compose_environment(service: str, mapping: dict[str, str]) -> dict[str, str]:
    """The compose ``environment`` of a service with container paths and hosts mapped."""
    env = {}
    for key, value in SERVICES[service]["environment"].items():
        value = str(value)
        for container, local in mapping.items():
            if value == container or value.startswith(container + "/"):
                value = local + value[len(container) :]
        env[key] = value
    return env


def compose_command(service: str, replace: dict[str, str]) -> list[str]:
    """The compose ``command`` of a service with some arguments replaced."""
    command = [replace.get(str(arg), str(arg)) for arg in SERVICES[service]["command"]]
    assert not any("0.0.0.0" in arg for arg in command), command
    return command


# ---------------------------------------------------------------------------
# Stack root, secrets
# ---------------------------------------------------------------------------


@pytest.fixture(scope="package")
def stack():
    """A temporary root for the whole stack, with the compose secrets as files."""
    root = Path(tempfile.mkdtemp(prefix="llo_stack_"))
    os.chmod(root, 0o755)  # the postgres user must reach its data directory below it
    state = Stack(root)
    secret_dir = root / "secrets"
    secret_dir.mkdir()
    for name in COMPOSE["secrets"]:
        path = secret_dir / name
        path.write_text(secrets.token_urlsafe(32) + "\n")
        path.chmod(0o600)
        state.secrets[name] = path
    try:
        yield state
    finally:
        state.stop_all()
        shutil.rmtree(root, ignore_errors=True)


def _secret_mapping(state: Stack) -> dict[str, str]:
    return {f"/run/secrets/{name}": str(path) for name, path in state.secrets.items()}


# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------


def _postgres_bindir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if shutil.which("initdb"):
        candidates.insert(0, str(Path(shutil.which("initdb")).resolve()))
    if not candidates:
        pytest.fail("PostgreSQL is not installed: apt-get install -y postgresql")
    return Path(candidates[0]).parent


@dataclass
class Postgres:
    host: str
    port: int
    user: str
    password: str
    bindir: Path
    service: Service

    def connect(self, dbname: str):
        import psycopg2

        return psycopg2.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=dbname,
            connect_timeout=10,
        )

    def query(self, dbname: str, sql: str, params=()) -> list[tuple]:
        connection = self.connect(dbname)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        finally:
            connection.close()


@pytest.fixture(scope="package")
def postgres(stack) -> Postgres:
    """The compose ``postgres`` service: POSTGRES_USER/PASSWORD/DB and the init script."""
    spec = SERVICES["postgres"]["environment"]
    user, database = spec["POSTGRES_USER"], spec["POSTGRES_DB"]
    password = stack.secret("postgres_password")
    bindir = _postgres_bindir()
    # initdb refuses to run as root: the cluster belongs to the postgres user then.
    run_as = "postgres" if os.geteuid() == 0 else None
    pg_root = stack.root / "postgres"
    pg_root.mkdir()
    data = pg_root / "data"
    pwfile = pg_root / "pwfile"
    pwfile.write_text(password + "\n")
    pwfile.chmod(0o600)
    if run_as:
        shutil.chown(pg_root, run_as, run_as)
        shutil.chown(pwfile, run_as, run_as)
    env = {**base_environment(), "LC_ALL": "C.UTF-8"}
    # As the official image does: initdb with the compose user and its password.
    done = run(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            f"--username={user}",
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        ],
        env,
        timeout=120,
        user=run_as,
        cwd=pg_root,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    pwfile.unlink()
    port = free_port()
    service = stack.start(
        "postgres",
        [
            str(bindir / "postgres"),
            "-D",
            str(data),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            f"port={port}",
            "-c",
            f"unix_socket_directories={pg_root}",
        ],
        env,
        stop_signal=signal.SIGINT,
        user=run_as,
        cwd=pg_root,
    )
    # The compose healthcheck, against this port.
    ready = [
        str(bindir / "pg_isready"),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "-U",
        user,
        "-d",
        "postgres",
    ]
    wait_for(lambda: run(ready, env, timeout=10).returncode == 0, 60, "pg_isready", service)
    client = {**env, "PGPASSWORD": password}
    psql = [
        str(bindir / "psql"),
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "-U",
        user,
        "-v",
        "ON_ERROR_STOP=1",
        "-q",
    ]
    # POSTGRES_DB, then the scripts of /docker-entrypoint-initdb.d against it.
    done = run([*psql, "-d", "postgres", "-c", f'create database "{database}"'], client)
    assert done.returncode == 0, done.stderr
    done = run([*psql, "-d", database, "-f", str(POSTGRES_INIT_SQL)], client)
    assert done.returncode == 0, done.stderr
    return Postgres("127.0.0.1", port, user, password, bindir, service)


# ---------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------


@dataclass
class Redis:
    port: int
    service: Service

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        return done.stdout.strip()


@pytest.fixture(scope="package")
def redis(stack) -> Redis:
    """The compose ``redis`` service: a private redis-server, no persistence."""
    if not shutil.which("redis-server"):
        pytest.fail("Redis is not installed: apt-get install -y redis-server")
    port = free_port()
    directory = stack.root / "redis"
    directory.mkdir()
    service = stack.start(
        "redis",
        [
            "redis-server",
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
            "--protected-mode",
            "yes",
        ],
        base_environment(),
    )
    state = Redis(port, service)
    wait_for(lambda: state.cli("ping") == "PONG", 30, "redis-cli ping", service)
    return state


# ---------------------------------------------------------------------------
# Superset: superset-init, superset, superset-worker
# ---------------------------------------------------------------------------


@dataclass
class SupersetStack:
    url: str
    env: dict[str, str]
    web: Service
    worker: Service
    timings: dict[str, float]

    @property
    def admin(self) -> dict[str, str]:
        password = Path(self.env["SUPERSET_ADMIN_PASSWORD_FILE"]).read_text().strip()
        return {"username": self.env["SUPERSET_ADMIN_USERNAME"], "password": password}


def superset_environment(
    stack: Stack, postgres: Postgres, redis: Redis, serving_db: Path
) -> dict[str, str]:
    home = stack.root / "superset_home"
    home.mkdir(exist_ok=True)
    env = compose_environment(
        "superset",
        {
            **_secret_mapping(stack),
            "/app/superset_home": str(home),
            "/data/serving/llo_radar.duckdb": str(serving_db),
        },
    )
    assert env["SUPERSET_METADATA_DB_HOST"] == "postgres" and env["REDIS_HOST"] == "redis"
    env.update(
        {
            "SUPERSET_METADATA_DB_HOST": postgres.host,
            "SUPERSET_METADATA_DB_PORT": str(postgres.port),
            "REDIS_HOST": "127.0.0.1",
            "REDIS_PORT": str(redis.port),
        }
    )
    # What the Dockerfile sets in the image.
    env.update(
        {
            "PATH": f"{SUPERSET_BIN}:{os.environ['PATH']}",
            "SUPERSET_CONFIG_PATH": str(REPO_ROOT / "superset_config" / "superset_config.py"),
            "FLASK_APP": "superset.app:create_app()",
            "SCARF_ANALYTICS": "false",
            "PYTHONDONTWRITEBYTECODE": "1",
            "HOSTNAME": socket.gethostname(),
        }
    )
    return {**base_environment(), **env}


@pytest.fixture(scope="package")
def superset_stack(stack, postgres, redis, serving_db_path) -> SupersetStack:
    """superset-init, then gunicorn and the Celery worker, as docker-compose.yml runs them."""
    env = superset_environment(stack, postgres, redis, serving_db_path)
    timings: dict[str, float] = {}
    started = time.monotonic()
    # superset-init: db upgrade, init, admin user and the dashboard bundle, in one process
    # (its script path is relative to the image's /app: the repository here).
    init_command = [
        str(REPO_ROOT / arg) if (REPO_ROOT / arg).is_file() else arg
        for arg in SERVICES["superset-init"]["command"]
    ]
    init = run([str(ENTRYPOINT), *init_command], env, timeout=900, cwd=stack.cwd)
    timings["superset-init"] = round(time.monotonic() - started, 1)
    assert init.returncode == 0, init.stderr[-4000:]

    port = free_port()
    web = stack.start(
        "superset",
        [str(ENTRYPOINT), *compose_command("superset", {"0.0.0.0:8088": f"127.0.0.1:{port}"})],
        env,
    )
    worker = stack.start(
        "superset-worker", [str(ENTRYPOINT), *compose_command("superset-worker", {})], env
    )
    url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    wait_for(lambda: http_ok(f"{url}/health") == b"OK", 240, "Superset /health", web)
    timings["superset start"] = round(time.monotonic() - started, 1)
    return SupersetStack(url, env, web, worker, timings)


# ---------------------------------------------------------------------------
# Dagster: dagster-daemon, dagster-webserver
# ---------------------------------------------------------------------------


@dataclass
class DagsterStack:
    url: str
    env: dict[str, str]
    home: Path
    daemon: Service
    webserver: Service


def dagster_instance_yaml(port: int) -> str:
    """dagster.postgres.yaml as mounted in compose; its fixed port 5432 becomes ``port``."""
    text = DAGSTER_POSTGRES_YAML.read_text()
    config = yaml.safe_load(text)
    db = config["storage"]["postgres"]["postgres_db"]
    if db.get("port") == 5432:
        assert text.count("port: 5432") == 1
        text = text.replace("port: 5432", f"port: {port}")
    changed = yaml.safe_load(text)
    changed["storage"]["postgres"]["postgres_db"]["port"] = db.get("port")
    assert changed == config, "only the PostgreSQL port may differ from the compose file"
    return text


@pytest.fixture(scope="package")
def dagster_stack(stack, postgres) -> DagsterStack:
    """dagster-daemon and dagster-webserver on the compose instance config (PostgreSQL).

    The weekly schedule runs every minute here (LLO_WEEKLY_REFRESH_CRON). The data volumes
    are empty temporary directories: the scheduled run is launched and recorded, not
    needed to publish anything.
    """
    data = stack.root / "data"
    home = stack.root / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(dagster_instance_yaml(postgres.port))
    for volume in ("landing", "warehouse", "serving", "quality"):
        (data / volume).mkdir(parents=True)
    env = compose_environment(
        "dagster-daemon",
        {
            **_secret_mapping(stack),
            "/opt/dagster/home": str(home),
            "/data": str(data),
        },
    )
    assert env["DAGSTER_PG_HOST"] == "postgres"
    env.update(
        {
            "DAGSTER_PG_HOST": postgres.host,
            # What the Dockerfile sets in the image.
            "PATH": f"{PIPELINE_BIN}:{os.environ['PATH']}",
            "DAGSTER_DISABLE_TELEMETRY": "1",
            "GX_ANALYTICS_ENABLED": "false",
            "PYTHONDONTWRITEBYTECODE": "1",
            "LLO_WEEKLY_REFRESH_CRON": "* * * * *",
        }
    )
    env = {**base_environment(), **env}
    daemon = stack.start(
        "dagster-daemon", [str(ENTRYPOINT), *compose_command("dagster-daemon", {})], env
    )
    port = free_port()
    webserver = stack.start(
        "dagster-webserver",
        [
            str(ENTRYPOINT),
            *compose_command("dagster-webserver", {"0.0.0.0": "127.0.0.1", "3000": str(port)}),
        ],
        env,
    )
    url = f"http://127.0.0.1:{port}"
    wait_for(
        lambda: http_ok(f"{url}/server_info"), 300, "Dagster /server_info", webserver, interval=2
    )
    return DagsterStack(url, env, home, daemon, webserver)
