"""Real runs killed with SIGKILL mid-publish and mid-build leave the serving file
byte-identical, and the next run heals without manual cleanup: it republishes the same
marts as before the crashes (a refresh on unchanged input is reproducible)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from orchestration.defs.serving.publish import mart_checksums
from tests.conftest import NEUTRAL_CWD, run_refresh, sha256_of, subprocess_environment

pytestmark = pytest.mark.slow

# Records of the runs themselves, not figures: the check-results mart (times, number of
# runs) and the publication summary that counts its rows.
RUN_RECORDS = {"rpt_quality_checks", "rpt_publication_summary"}


def _start(command: str, log: Path, extra_env: dict[str, str] | None = None):
    """`python -m orchestration.run <command>` in its own process group, output in log."""
    with log.open("wb") as handle:
        return subprocess.Popen(
            [sys.executable, "-m", "orchestration.run", command],
            cwd=NEUTRAL_CWD,
            env=subprocess_environment(extra_env),
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:]


def _wait_for(condition, timeout: float, process: subprocess.Popen, log: Path) -> None:
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


def test_sigkill_mid_publish_and_mid_build_leaves_serving_intact_and_next_run_heals(
    chain_copy,
):
    serving = chain_copy.serving_db
    staging = serving.with_name(serving.name + ".next")
    before = sha256_of(serving)
    marts_before = mart_checksums(serving)

    # Write-audit-publish on the built marts, killed by the fault point between writing the
    # new serving file and the swap.
    log = chain_copy.root / "publish.log"
    run = _start("publish", log, {"LLO_FAULT": "publish_staged"})
    assert run.wait(timeout=900) == -signal.SIGKILL, _tail(log)
    assert staging.exists(), "the kill should have left a half-finished publish behind"
    assert sha256_of(serving) == before

    # The whole chain, killed while dbt writes the build database.
    log = chain_copy.root / "build.log"
    run = _start("build", log)
    try:
        _wait_for(lambda: _dbt_running(run.pid), 900, run, log)
    finally:
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=60)
    assert sha256_of(serving) == before

    # The next run heals: no manual cleanup, same marts, published anew.
    result = run_refresh()
    assert result.success
    assert not staging.exists()
    assert sha256_of(serving) != before
    assert serving.with_name(serving.name + ".previous").exists()
    marts_after = mart_checksums(serving)
    assert set(marts_after) == set(marts_before) and len(marts_before) > 2
    for table in set(marts_before) - RUN_RECORDS:
        assert marts_after[table] == marts_before[table], f"{table} differs after healing"
