"""Schedules that follow the sources' delivery rhythm (all jobs can also be run by hand).

| source | rhythm | schedule (Europe/Amsterdam) |
|---|---|---|
| EBB | quarterly, about six weeks after the quarter | 15 Feb, May, Aug, Nov, 06:00 |
| Polis | yearly (annual job sums) | 1 July, 06:00 |
| NSS, LLO-Enquête, PIAAC | per wave (irregular) | no schedule: the landing-zone sensor picks up a new wave |
| POA forecasts | every two years | 15 January of odd years, 06:00 |
| Training offer register | yearly | 1 February, 06:00 |
| everything | weekly safety net | Monday 05:00 (no-op when nothing changed) |

A scheduled run ingests the source (unchanged files are skipped) and refreshes everything
downstream, up to publish.
"""

import dagster as dg

from orchestration.defs.automation.sensors import refresh_selection

TIMEZONE = "Europe/Amsterdam"

SOURCE_SCHEDULES = {
    "ebb": ("quarterly", "0 6 15 2,5,8,11 *"),
    "polis": ("yearly", "0 6 1 7 *"),
    "poa": ("biennial", "0 6 15 1 *"),
    "training_offer": ("yearly", "0 6 1 2 *"),
}


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
            if cadence == "biennial":
                # Dagster crons have no year field: run on odd years only.
                @dg.schedule(
                    name=f"{cadence}_refresh_{source}_schedule", job=job,
                    cron_schedule=cron, execution_timezone=TIMEZONE,
                    default_status=dg.DefaultScheduleStatus.RUNNING,
                )
                def _biennial(context: dg.ScheduleEvaluationContext):
                    if context.scheduled_execution_time.year % 2 == 1:
                        return dg.RunRequest()
                    return dg.SkipReason("POA forecasts are published in odd years")

                schedules.append(_biennial)
                continue
            schedules.append(dg.ScheduleDefinition(
                name=f"{cadence}_refresh_{source}_schedule", job=job, cron_schedule=cron,
                execution_timezone=TIMEZONE, default_status=dg.DefaultScheduleStatus.RUNNING,
            ))
    return jobs, schedules


def weekly_schedule(job) -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name="weekly_refresh_warehouse_schedule", job=job, cron_schedule="0 5 * * 1",
        execution_timezone=TIMEZONE, default_status=dg.DefaultScheduleStatus.RUNNING,
    )
