"""Fault injection for the recovery tests: kill the run at a named point.

``fault_point(name)`` does nothing unless the environment variable ``LLO_FAULT`` names this
point; then it ends the process and its process group (dbt included) with SIGKILL, as a
power cut or an out-of-memory kill would. Never set in production.
"""

from __future__ import annotations

import os
import signal

VARIABLE = "LLO_FAULT"


def fault_point(name: str) -> None:
    if os.environ.get(VARIABLE) == name:
        os.killpg(os.getpgid(0), signal.SIGKILL)
