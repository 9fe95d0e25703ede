"""Headless entry points: ``python -m orchestration.run build|publish|rollback``.

``build`` executes the whole chain (refresh_warehouse_job over every delivery year, one run)
in this process; ``publish`` runs write-audit-publish on the marts as they are in the build
database (audit_and_publish_job, no rebuild). Both are recorded in the
Dagster instance at DAGSTER_HOME so the run shows in the UI; the exit code says whether it
succeeded. In-process execution avoids paying Dagster's per-step process start-up.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from orchestration.settings import get_settings


def build() -> int:
    from orchestration.defs.ingestion.partitions import all_years_tags

    return _execute("refresh_warehouse_job", all_years_tags())


def publish() -> int:
    return _execute("audit_and_publish_job", {})


def _execute(job_name: str, tags: dict[str, str]) -> int:
    import dagster as dg

    from orchestration.definitions import defs

    settings = get_settings()
    settings.dagster_home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(settings.dagster_home)
    started = time.monotonic()
    with dg.DagsterInstance.get() as instance:
        result = defs.resolve_job_def(job_name).execute_in_process(
            instance=instance, raise_on_error=False, tags=tags
        )
    elapsed = time.monotonic() - started
    if result.success:
        print(f"{job_name}: SUCCESS in {elapsed:.1f} s; serving database: {settings.serving_db}")
        return 0
    print(f"{job_name}: FAILED after {elapsed:.1f} s", file=sys.stderr)
    for event in result.all_events:
        if event.is_step_failure or event.event_type_value == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            failure = getattr(data, "error", None)
            if failure is not None:
                print(f"  {event.step_key}: {failure.message.strip()}", file=sys.stderr)
            evaluation = getattr(data, "passed", None)
            if evaluation is False:
                print(
                    f"  check {data.check_name} on {data.asset_key.to_user_string()} "
                    f"failed: { {k: v.value for k, v in data.metadata.items()} }",
                    file=sys.stderr,
                )
    return 1


def rollback() -> int:
    from orchestration.defs.serving.publish import rollback as swap_back

    settings = get_settings()
    swap_back(settings.serving_db, settings.previous_serving_db)
    print(f"rolled back: {settings.serving_db} is the previously published version again")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.run")
    commands = {"build": build, "publish": publish, "rollback": rollback}
    parser.add_argument("command", choices=list(commands))
    args = parser.parse_args(argv)
    return commands[args.command]()


if __name__ == "__main__":
    sys.exit(main())
