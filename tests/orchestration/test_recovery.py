"""A real run killed with SIGKILL mid-build and mid-publish leaves the serving file
byte-identical, and the next run heals without manual cleanup."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from orchestration.defs.serving.publish import mart_checksums
from tests.conftest import REPO_ROOT, sha256_of

pytestmark = pytest.mark.slow


def _start_build(extra_env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "orchestration.run", "build"],
        cwd=REPO_ROOT, env={**os.environ, **extra_env},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def _wait_for(condition, timeout: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process.poll() is not None:
            raise AssertionError(f"the run ended (rc {process.returncode}) before the kill point")
        time.sleep(0.2)
    raise AssertionError("the kill point was not reached in time")


def _kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def _dbt_running(parent: int) -> bool:
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


def test_sigkill_mid_build_and_mid_publish_leaves_serving_intact_and_next_run_heals(
    chain_copy,
):
    before = sha256_of(chain_copy.serving_db)
    # A revised delivery, so a healed run must publish something different.
    ebb = sorted((chain_copy.landing / "ebb").glob("*.parquet"))[-1]
    frame = pd.read_parquet(ebb)
    frame.iloc[: len(frame) // 2].to_parquet(ebb, index=False)

    run = _start_build({})
    _wait_for(lambda: _dbt_running(run.pid), 600, run)
    _kill(run)
    assert sha256_of(chain_copy.serving_db) == before

    staging = chain_copy.serving_db.with_name(chain_copy.serving_db.name + ".next")
    run = _start_build({"LLO_FAULT_PUBLISH_PAUSE_SECONDS": "120"})
    _wait_for(lambda: staging.exists() and staging.stat().st_size > 0, 900, run)
    time.sleep(1)
    _kill(run)
    assert staging.exists(), "the kill should have left a half-finished publish behind"
    assert sha256_of(chain_copy.serving_db) == before

    healed = subprocess.run(
        [sys.executable, "-m", "orchestration.run", "build"], cwd=REPO_ROOT,
        capture_output=True, text=True, timeout=1200,
    )
    assert healed.returncode == 0, healed.stderr[-3000:]
    assert not staging.exists()
    assert sha256_of(chain_copy.serving_db) != before
    assert chain_copy.serving_db.with_name(chain_copy.serving_db.name + ".previous").exists()
    assert mart_checksums(chain_copy.serving_db)
