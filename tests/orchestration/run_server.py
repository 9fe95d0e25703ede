"""``python -m orchestration.run <command>`` without paying the imports for every run.

One process imports the Dagster definitions once and then, for each request on standard
input (one JSON line: ``argv``, ``env``, ``cwd``, ``log``), forks a child that runs
``orchestration.run.main(argv)`` in a new session (its own process group, as
``start_new_session`` gives a subprocess), with exactly that environment and working
directory, output to ``log`` (``argv`` ``["refresh-after-ingestion"]``: the refresh job on
every asset but the ingestion group, in process, as ``tests.conftest.run_refresh`` runs it).
It answers on standard output with the child's PID and, when
the child has ended, its return code (negative: the signal that ended it).

The recovery tests start it when collection ends (``RunServer``), so the import overlaps with
the session's chain run instead of delaying each killed run.
"""

from __future__ import annotations

import json
import os
import sys
import traceback


def refresh_after_ingestion() -> int:
    """The refresh job on every asset but the ingestion group (dbt, the checks, publish)."""
    import dagster as dg

    from orchestration.definitions import defs
    from orchestration.defs.ingestion.partitions import all_years_tags

    selection = dg.AssetSelection.all() - dg.AssetSelection.groups("ingestion")
    result = defs.resolve_job_def("refresh_warehouse_job").execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        asset_selection=sorted(selection.resolve(defs.resolve_asset_graph())),
        tags=all_years_tags(),
    )
    return 0 if result.success else 1


def _child(request: dict, run) -> None:
    code = 1
    try:
        os.setsid()
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        if request["argv"] == ["refresh-after-ingestion"]:
            code = refresh_after_ingestion()
        else:
            code = run.main(request["argv"])
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _answer(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main() -> None:
    import orchestration.definitions  # noqa: F401 (the import each run would pay)
    from orchestration import run

    _answer({"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(request, run)
        _answer({"pid": pid})
        _, status = os.waitpid(pid, 0)
        _answer({"pid": pid, "returncode": os.waitstatus_to_exitcode(status)})


if __name__ == "__main__":
    main()
