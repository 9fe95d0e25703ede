"""The tests run isolated from the repository's data/ and .env (tests/conftest.py)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from orchestration.settings import get_settings
from tests.conftest import (
    NEUTRAL_CWD,
    PROTECTED,
    REPO_ROOT,
    changed_files,
    snapshot,
    subprocess_environment,
)

PATH_VARIABLES = (
    "LLO_LANDING_DIR",
    "LLO_BUILD_DB",
    "LLO_SERVING_DB",
    "LLO_QUALITY_DIR",
    "LLO_ALERT_LOG",
    "DAGSTER_HOME",
    "SUPERSET_HOME",
)


def _outside_repository(path: Path) -> bool:
    return not path.resolve().is_relative_to(REPO_ROOT.resolve())


def test_every_path_setting_points_outside_the_repository():
    for name in PATH_VARIABLES:
        assert os.environ.get(name), f"{name} is not set"
        assert Path(os.environ[name]).is_absolute(), name
        assert _outside_repository(Path(os.environ[name])), (name, os.environ[name])
    settings = get_settings()
    for field in (
        "landing_dir",
        "build_db",
        "serving_db",
        "dagster_home",
        "superset_home",
        "quality_dir",
        "alert_log",
    ):
        assert _outside_repository(getattr(settings, field)), field


def test_every_variable_of_env_example_is_set_by_the_tests_or_absent():
    """No other setting of a developer's shell (secrets, metadata database, webhook) leaks
    into a test: the variables of .env.example are either isolated paths or unset."""
    names = [
        line.split("=", 1)[0]
        for line in (REPO_ROOT / ".env.example").read_text().splitlines()
        if "=" in line and not line.startswith("#")
    ]
    assert "LLO_ALERT_WEBHOOK_URL" in names
    leaked = [name for name in names if name in os.environ and name not in PATH_VARIABLES]
    assert leaked == []


def test_subprocesses_start_outside_the_repository_and_find_the_code():
    assert _outside_repository(NEUTRAL_CWD) and NEUTRAL_CWD.is_dir()
    assert not (NEUTRAL_CWD / ".env").exists()
    code = "import os, orchestration.settings as s; print(os.getcwd(), s.get_settings().build_db)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=NEUTRAL_CWD,
        env=subprocess_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    cwd, build_db = done.stdout.split()
    assert Path(cwd) == NEUTRAL_CWD
    assert Path(build_db) == Path(os.environ["LLO_BUILD_DB"])


def test_with_env_lets_the_environment_win_over_env_file(tmp_path):
    """orchestration/bin/with-env exports .env, but a variable set by the caller wins."""
    root = tmp_path / "repo"
    (root / "orchestration" / "bin").mkdir(parents=True)
    script = root / "orchestration" / "bin" / "with-env"
    script.write_bytes((REPO_ROOT / "orchestration" / "bin" / "with-env").read_bytes())
    script.chmod(0o755)
    (root / ".env").write_text("LLO_SERVING_DB=data/serving/x.duckdb\nLLO_TEST_ONLY_IN_ENV=1\n")
    env = {"PATH": os.environ["PATH"], "LLO_SERVING_DB": "/elsewhere/serving.duckdb"}
    done = subprocess.run(
        [str(script), "bash", "-c", 'echo "$LLO_SERVING_DB $LLO_TEST_ONLY_IN_ENV"'],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["/elsewhere/serving.duckdb", "1"]


def test_the_guard_sees_every_change_to_the_protected_files(tmp_path):
    """The session fails when data/ or .env changed: the snapshot notices a rewrite with
    the same size, a new file and a removed one."""
    assert {REPO_ROOT / "data", REPO_ROOT / ".env"} == set(PROTECTED)
    (tmp_path / "data" / "warehouse").mkdir(parents=True)
    db = tmp_path / "data" / "warehouse" / "build.duckdb"
    db.write_bytes(b"a" * 100)
    env = tmp_path / ".env"
    env.write_text("X=1\n")
    before = snapshot([tmp_path / "data", env])
    assert changed_files(before, snapshot([tmp_path / "data", env])) == []

    stat = db.stat()
    db.write_bytes(b"b" * 100)
    os.utime(db, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and time
    (tmp_path / "data" / "dagster").mkdir()
    (tmp_path / "data" / "dagster" / "runs.db").write_bytes(b"run")
    env.unlink()
    assert changed_files(before, snapshot([tmp_path / "data", env])) == sorted(
        [str(db), str(tmp_path / "data" / "dagster" / "runs.db"), str(env)]
    )


def test_a_running_demo_daemon_is_not_a_change_but_a_run_in_its_instance_is(tmp_path):
    """A Dagster daemon left running by `make demo` rewrites its own storage (heartbeats,
    sensor ticks, its log) during the session: not a change by the tests. A run launched
    into that instance is one."""
    home = tmp_path / "data" / "dagster"
    (home / "history").mkdir(parents=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    runs_db = home / "history" / "runs.db"
    with closing(sqlite3.connect(runs_db)) as con:
        con.execute("create table runs (run_id text)")
        con.execute("create table daemon_heartbeats (beat integer)")
        con.commit()
    (home / "daemon.log").write_text("tick\n")
    before = snapshot([tmp_path / "data"])

    with closing(sqlite3.connect(runs_db)) as con:
        con.execute("insert into daemon_heartbeats values (1)")
        con.commit()
    (home / "daemon.log").write_text("tick\ntick\n")
    assert changed_files(before, snapshot([tmp_path / "data"])) == []

    with closing(sqlite3.connect(runs_db)) as con:
        con.execute("insert into runs values ('a-run-of-a-test')")
        con.commit()
    (home / "history" / "runs" / "a-run-of-a-test.db").parent.mkdir()
    (home / "history" / "runs" / "a-run-of-a-test.db").write_bytes(b"events")
    assert changed_files(before, snapshot([tmp_path / "data"])) == sorted(
        [f"{home} (Dagster runs)", str(home / "history" / "runs" / "a-run-of-a-test.db")]
    )
