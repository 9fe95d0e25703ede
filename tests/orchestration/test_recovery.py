"""Real runs killed with SIGKILL mid-publish and mid-build leave the serving file
byte-identical, and the next run heals without manual cleanup: it republishes the same
marts as before the crashes (a refresh on unchanged input is reproducible).

The scenario works on a private copy of the session's chain. The run killed mid-build has
loaded the landing zone again before dbt started (dbt depends on every ingestion asset), so
the healing run is the steps after that fault point: dbt, the checks and publish (every asset
but the ingestion group). Every run is forked by a process that imported the Dagster
definitions while the session's chain ran (``RunServer``, tests/orchestration/run_server.py),
so the scenario runs in a thread from the moment the chain has published, beside the other
tests; the test waits for it and re-raises what failed."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from orchestration.defs.serving.publish import mart_checksums
from tests.conftest import (
    NEUTRAL_CWD,
    SESSION_FIXTURES,
    SESSION_ROOT,
    ChainDirs,
    after_chain_published,
    at_session_end,
    sha256_of,
    start_when_used,
    subprocess_environment,
)

pytestmark = pytest.mark.slow

# Records of the runs themselves, not figures: the check-results mart (times, number of
# runs) and the publication summary that counts its rows.
RUN_RECORDS = {"rpt_quality_checks", "rpt_publication_summary"}


class RunServer:
    """Client of tests/orchestration/run_server.py: one process that has imported the Dagster
    definitions and forks a child per `orchestration.run` command. Started when collection
    ends (tests/conftest.py, start_when_used), so the import overlaps with the chain run."""

    def __init__(self):
        self.process: subprocess.Popen | None = None
        self.answers: queue.Queue = queue.Queue()

    def start(self) -> None:
        if self.process is not None:
            return
        self.log = SESSION_ROOT / "run_server.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.orchestration.run_server"],
                cwd=NEUTRAL_CWD,
                env=subprocess_environment(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                start_new_session=True,
                text=True,
            )
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        at_session_end(self.stop)

    def _read(self, stream) -> None:
        for line in stream:
            self.answers.put(json.loads(line))
        self.answers.put(None)

    def answer(self, timeout: float) -> dict:
        message = self.answers.get(timeout=timeout)
        assert message is not None, (
            f"the run server ended (rc {self.process.poll()}):\n{_tail(self.log)}"
        )
        return message

    def run(self, argv: list[str], env: dict[str, str], log: Path) -> ForkedRun:
        self.start()
        if not getattr(self, "ready", False):
            assert self.answer(timeout=600) == {"ready": True}
            self.ready = True
        request = {"argv": argv, "env": env, "cwd": str(NEUTRAL_CWD), "log": str(log)}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        self.child = self.answer(timeout=60)["pid"]
        return ForkedRun(self, self.child)

    def stop(self) -> None:
        """End the server and a run it forked that is still going (its own process group)."""
        for group in (getattr(self, "child", None), self.process and self.process.pid):
            if group is not None:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(group, signal.SIGKILL)
        if self.process is not None:
            self.process.wait()


class ForkedRun:
    """A run forked by the RunServer: pid, poll() and wait() as of a subprocess.Popen."""

    def __init__(self, server: RunServer, pid: int):
        self.server = server
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                message = self.server.answers.get_nowait()
            except queue.Empty:
                return None
            assert message is not None and message["pid"] == self.pid, message
            self.returncode = message["returncode"]
        return self.returncode

    def wait(self, timeout: float) -> int:
        if self.returncode is None:
            message = self.server.answer(timeout=timeout)
            assert message["pid"] == self.pid, message
            self.returncode = message["returncode"]
        return self.returncode


RUN_SERVER = RunServer()
start_when_used("run_server", RUN_SERVER)


@pytest.fixture(scope="session")
def run_server() -> RunServer:
    return RUN_SERVER


def _start(server: RunServer, command: str, log: Path, environ: dict[str, str]):
    """`python -m orchestration.run <command>` in its own process group with the environment
    ``environ``, output in log (forked by the run server, which has imported the definitions
    already)."""
    return server.run([command], subprocess_environment(base=environ), log)


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]


def _wait_for(condition, timeout: float, process: ForkedRun, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process.poll() is not None:
            raise AssertionError(
                f"the run ended (rc {process.returncode}) before the kill point:\n{_tail(log)}"
            )
        time.sleep(0.2)
    raise AssertionError("the kill point was not reached in time")


def _dbt_running(parent: int) -> bool:
    """A `dbt build` in the process group of the run (dagster-dbt's subprocess)."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            stat = (proc / "stat").read_text().split()
        except OSError:
            continue
        if " build" in cmdline and "dbt" in cmdline and int(stat[4]) == os.getpgid(parent):
            return True
    return False


def _scenario(
    chain: ChainDirs, server: RunServer, environ: dict[str, str], phases: dict[str, float]
) -> None:
    started = time.monotonic()
    serving = chain.serving_db
    staging = serving.with_name(serving.name + ".next")
    before = sha256_of(serving)
    marts_before = mart_checksums(serving)
    environment = {**environ, **chain.environment()}

    # Write-audit-publish on the built marts, killed by the fault point between writing the
    # new serving file and the swap.
    log = chain.root / "publish.log"
    run = _start(server, "publish", log, {**environment, "LLO_FAULT": "publish_staged"})
    assert run.wait(timeout=900) == -signal.SIGKILL, _tail(log)
    assert staging.exists(), "the kill should have left a half-finished publish behind"
    assert sha256_of(serving) == before
    phases["publish_killed"] = round(time.monotonic() - started, 1)

    # The whole chain, killed while dbt writes the build database.
    log = chain.root / "build.log"
    run = _start(server, "build", log, environment)
    try:
        _wait_for(lambda: _dbt_running(run.pid), 900, run, log)
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=60)
    assert sha256_of(serving) == before
    phases["build_killed"] = round(time.monotonic() - started - sum(phases.values()), 1)

    # The next run heals: no manual cleanup, same marts, published anew. The killed build
    # loaded the landing zone before dbt started: the steps after that point run.
    log = chain.root / "heal.log"
    run = _start(server, "refresh-after-ingestion", log, environment)
    assert run.wait(timeout=1800) == 0, _tail(log)
    phases["healed"] = round(time.monotonic() - started - sum(phases.values()), 1)
    assert not staging.exists()
    assert sha256_of(serving) != before
    assert serving.with_name(serving.name + ".previous").exists()
    marts_after = mart_checksums(serving)
    assert set(marts_after) == set(marts_before) and len(marts_before) > 2
    for table in set(marts_before) - RUN_RECORDS:
        assert marts_after[table] == marts_before[table], f"{table} differs after healing"


class Scenario:
    """The scenario on a private copy of the published chain; every run is a forked
    subprocess, so it can run in a thread beside the other tests."""

    def __init__(self):
        self.phases: dict[str, float] = {}
        self.error: BaseException | None = None
        self.done = threading.Event()

    def run(self, published: ChainDirs, root: Path, environ: dict[str, str]) -> None:
        try:
            chain = ChainDirs(root / "chain")
            shutil.copytree(published.root, chain.root, ignore=shutil.ignore_patterns("dagster"))
            _scenario(chain, RUN_SERVER, environ, self.phases)
        except BaseException as error:  # re-raised by the test
            self.error = error
        finally:
            self.done.set()


SCENARIO = Scenario()


def _start_in_background(published: ChainDirs, tmp_path_factory, environ) -> None:
    """Started in a thread when the session's chain has published (tests/conftest.py)."""
    if "recovery_scenario" in SESSION_FIXTURES:
        SCENARIO.run(published, tmp_path_factory.mktemp("recovery"), environ)


after_chain_published(_start_in_background)


@pytest.fixture
def recovery_scenario(published_chain, run_server, tmp_path) -> Scenario:
    """The scenario's outcome: run in the background since the chain published (the chain
    fixture starts it when this fixture is in the session), or now."""
    if "recovery_scenario" not in SESSION_FIXTURES:
        SCENARIO.run(published_chain, tmp_path, dict(os.environ))
    assert SCENARIO.done.wait(timeout=3600), "the recovery scenario did not finish"
    return SCENARIO


def test_sigkill_mid_publish_and_mid_build_leaves_serving_intact_and_next_run_heals(
    recovery_scenario,
):
    print(f"\nrecovery phases (s): {recovery_scenario.phases}")
    if recovery_scenario.error is not None:
        raise recovery_scenario.error
