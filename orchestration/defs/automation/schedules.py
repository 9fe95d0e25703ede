"""Schedules that follow the sources' delivery rhythm (all jobs can also be run by hand).

| source | rhythm | schedule (Europe/Amsterdam) |
|---|---|---|
| EBB | quarterly, about six weeks after the quarter | 15 Feb, May, Aug, Nov, 06:00 |
| Polis | yearly (annual job sums) | 1 July, 06:00 |
| NSS, LLO-Enquête, PIAAC | irregular waves | none: the landing-zone sensor picks up a new wave |
| POA forecasts | every two years | 15 January of odd years, 06:00 |
| Training offer register | yearly | 1 February, 06:00 |
| everything | weekly safety net | Monday 05:00 (no-op when nothing changed) |

A scheduled run ingests the source over every delivery year in one run (unchanged files
are recognised by checksum and skipped) and refreshes everything downstream, up to publish.
"""

import os

import dagster as dg

from orchestration.defs.automation.sensors import refresh_selection
from orchestration.defs.ingestion.partitions import all_years_tags

TIMEZONE = "Europe/Amsterdam"

SOURCE_SCHEDULES = {
    "ebb": ("quarterly", "0 6 15 2,5,8,11 *"),
    "polis": ("yearly", "0 6 1 7 *"),
    "poa": ("biennial", "0 6 15 1 *"),
    "training_offer": ("yearly", "0 6 1 2 *"),
}


def _schedule(name: str, job, cron: str, odd_years_only: bool = False):
    """A schedule whose run covers every delivery year (one ranged run of the job)."""

    @dg.schedule(
        name=name,
        job=job,
        cron_schedule=cron,
        execution_timezone=TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
    )
    def _tick(context: dg.ScheduleEvaluationContext):
        # Dagster crons have no year field: the biennial POA schedule skips even years.
        if odd_years_only and context.scheduled_execution_time.year % 2 == 0:
            return dg.SkipReason("POA forecasts are published in odd years")
        return dg.RunRequest(tags=all_years_tags())

    return _tick


def source_jobs_and_schedules(sources: list[str]):
    jobs, schedules = [], []
    for source in sources:
        job = dg.define_asset_job(
            name=f"refresh_{source}_job",
            selection=refresh_selection([source]),
            description=f"Ingest {source} and refresh everything downstream, up to publish.",
        )
        jobs.append(job)
        if source in SOURCE_SCHEDULES:
            cadence, cron = SOURCE_SCHEDULES[source]
            schedules.append(
                _schedule(
                    f"{cadence}_refresh_{source}_schedule",
                    job,
                    cron,
                    odd_years_only=cadence == "biennial",
                )
            )
    return jobs, schedules


WEEKLY_CRON = "0 5 * * 1"


def weekly_schedule(job) -> dg.ScheduleDefinition:
    # LLO_WEEKLY_REFRESH_CRON overrides the cron (e.g. every minute in the stack test).
    cron = os.environ.get("LLO_WEEKLY_REFRESH_CRON") or WEEKLY_CRON
    return _schedule("weekly_refresh_warehouse_schedule", job, cron)
