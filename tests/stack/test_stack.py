"""The production stack of docker-compose.yml, verified natively (`make stack-test`).

PostgreSQL and Redis are private processes; Superset (init, gunicorn, Celery worker) and
Dagster (daemon, webserver) run the compose commands with the compose environment and
config files (see conftest.py). Superset reads the serving database of the real pipeline
run (``serving_db_path`` from tests/conftest.py), shared with the rest of the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile

import pytest
import requests
import yaml

from .conftest import ENTRYPOINT, REPO_ROOT, SERVICES, WEEKLY_SCHEDULE, run, wait_for

pytestmark = [pytest.mark.stack, pytest.mark.slow]

ASSETS = REPO_ROOT / "superset_config" / "assets"
DASHBOARD = "regio_overzicht"


def _bundle_uuids(folder: str) -> set[str]:
    return {str(yaml.safe_load(p.read_text())["uuid"]) for p in (ASSETS / folder).glob("*.yaml")}


def _login(url: str, user: dict) -> requests.Session:
    session = requests.Session()
    response = session.post(
        f"{url}/api/v1/security/login",
        timeout=30,
        json={**user, "provider": "db", "refresh": False},
    )
    assert response.status_code == 200, response.text
    session.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
    csrf = session.get(f"{url}/api/v1/security/csrf_token/", timeout=30).json()["result"]
    session.headers.update({"X-CSRFToken": csrf, "Referer": url})
    return session


def _chart_data(session: requests.Session, url: str, chart_id: int) -> dict:
    detail = session.get(f"{url}/api/v1/chart/{chart_id}", timeout=30)
    assert detail.status_code == 200, detail.text
    context = json.loads(detail.json()["result"]["query_context"])
    response = session.post(f"{url}/api/v1/chart/data", json=context, timeout=120)
    assert response.status_code == 200, (chart_id, response.text[:1000])
    return response.json()


def _graphql(url: str, query: str, variables: dict | None = None) -> dict:
    response = requests.post(
        f"{url}/graphql", timeout=60, json={"query": query, "variables": variables or {}}
    )
    assert response.status_code == 200, response.text[:1000]
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


# ---------------------------------------------------------------------------
# PostgreSQL and Redis
# ---------------------------------------------------------------------------


def test_postgres_has_the_compose_databases_with_password_login(postgres):
    owners = dict(
        postgres.query(
            "postgres",
            "select d.datname, r.rolname from pg_database d join pg_roles r on r.oid = d.datdba",
        )
    )
    assert owners["dagster"] == "llo_radar"  # POSTGRES_DB
    assert owners["superset"] == "llo_radar"  # postgres-init.sql
    listen = postgres.query("postgres", "show listen_addresses")[0][0]
    assert listen == "127.0.0.1"


def test_redis_answers_without_persistence(redis):
    assert redis.cli("ping") == "PONG"
    assert redis.cli("config", "get", "save").split() == ["save"]  # no snapshots
    assert redis.cli("config", "get", "appendonly").split() == ["appendonly", "no"]


# ---------------------------------------------------------------------------
# Superset with PostgreSQL metadata, Redis caches and a Celery worker
# ---------------------------------------------------------------------------


def test_superset_metadata_is_in_postgres(superset_stack, postgres):
    print(f"\nSuperset timings (s): {superset_stack.timings}")
    assert postgres.query("superset", "select count(*) from alembic_version")[0][0] == 1
    uuids = {str(row[0]) for row in postgres.query("superset", "select uuid from dashboards")}
    assert _bundle_uuids("dashboards") <= uuids
    admins = postgres.query(
        "superset",
        "select u.username from ab_user u join ab_user_role ur on ur.user_id = u.id "
        "join ab_role r on r.id = ur.role_id where r.name = 'Admin'",
    )
    assert (superset_stack.env["SUPERSET_ADMIN_USERNAME"],) in admins


def test_dashboard_loads_and_its_charts_return_rows_cached_in_redis(superset_stack, redis):
    url = superset_stack.url
    session = _login(url, superset_stack.admin)
    dashboard = session.get(f"{url}/api/v1/dashboard/{DASHBOARD}", timeout=30)
    assert dashboard.status_code == 200, dashboard.text
    assert dashboard.json()["result"]["published"] is True
    charts = session.get(f"{url}/api/v1/dashboard/{DASHBOARD}/charts", timeout=30)
    assert charts.status_code == 200, charts.text
    chart_ids = [chart["id"] for chart in charts.json()["result"]]
    assert chart_ids, "the dashboard has no charts"
    rows = {}
    for chart_id in chart_ids:
        result = _chart_data(session, url, chart_id)["result"]
        rows[chart_id] = sum(query["rowcount"] for query in result)
    assert all(count > 0 for count in rows.values()), rows

    # The data cache is Redis (DATA_CACHE_CONFIG, db 2): the same query again is a hit.
    again = _chart_data(session, url, chart_ids[0])["result"]
    assert all(query["is_cached"] for query in again)
    keys = redis.cli("-n", "2", "--scan", "--pattern", "llo_data_*").split()
    assert keys, "no data cache entries in Redis db 2"


def test_celery_worker_answers_the_compose_healthcheck(superset_stack):
    test = SERVICES["superset-worker"]["healthcheck"]["test"]
    assert test[0] == "CMD-SHELL"
    # Compose writes $$ for a literal $; the container shell expands $HOSTNAME.
    command = ["bash", "-c", test[1].replace("$$", "$")]

    def ping() -> subprocess.CompletedProcess | None:
        done = subprocess.run(
            command,
            check=False,
            cwd=tempfile.gettempdir(),
            env=superset_stack.env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        return done if done.returncode == 0 else None

    done = wait_for(ping, 300, "celery inspect ping", superset_stack.worker, interval=5)
    assert "pong" in done.stdout, done.stdout
    # The worker loaded superset_config.py's CeleryConfig (broker in Redis, SQL Lab tasks).
    registered = run(
        [
            str(ENTRYPOINT),
            "celery",
            "--app=superset.tasks.celery_app:app",
            "inspect",
            "registered",
            "--json",
        ],
        superset_stack.env,
        timeout=180,
    )
    assert registered.returncode == 0, registered.stdout + registered.stderr
    tasks = [
        task
        for node in json.loads(registered.stdout.strip().splitlines()[-1]).values()
        for task in node
    ]
    assert any(task.startswith("sql_lab.get_sql_results") for task in tasks), tasks


# ---------------------------------------------------------------------------
# Dagster with PostgreSQL storage: webserver, daemon, a scheduled run
# ---------------------------------------------------------------------------


def test_dagster_webserver_serves_the_postgres_instance(dagster_stack):
    info = requests.get(f"{dagster_stack.url}/server_info", timeout=30).json()
    assert info["dagster_version"] == "1.13.27", info
    data = _graphql(
        dagster_stack.url,
        """
        { instance { info }
          repositoriesOrError { ... on RepositoryConnection { nodes {
              schedules { name scheduleState { status } } } } } }""",
    )
    assert "PostgresRunStorage" in data["instance"]["info"]
    schedules = {
        schedule["name"]: schedule["scheduleState"]["status"]
        for node in data["repositoriesOrError"]["nodes"]
        for schedule in node["schedules"]
    }
    assert schedules[WEEKLY_SCHEDULE] == "RUNNING", schedules


def test_dagster_daemon_passes_the_compose_healthcheck(dagster_stack):
    test = SERVICES["dagster-daemon"]["healthcheck"]["test"]
    assert test[0] == "CMD"

    def live() -> bool:
        done = run([str(ENTRYPOINT), *test[1:]], dagster_stack.env, timeout=120)
        return done.returncode == 0

    wait_for(live, 240, "dagster-daemon liveness-check", dagster_stack.daemon, interval=5)


def test_daemon_starts_the_scheduled_run_and_records_it_in_postgres(dagster_stack, postgres):
    def scheduled_runs() -> list[tuple]:
        return postgres.query(
            "dagster",
            "select r.run_id, r.status from runs r join run_tags t on t.run_id = r.run_id "
            "where t.key = 'dagster/schedule_name' and t.value = %s order by r.id",
            (WEEKLY_SCHEDULE,),
        )

    # The cron is every minute: a tick within about two minutes of the daemon's start.
    runs = wait_for(
        scheduled_runs,
        240,
        "a run of the weekly schedule in PostgreSQL",
        dagster_stack.daemon,
        interval=5,
    )
    run_id = runs[0][0]  # the first one; later ticks queue behind it (one run at a time)
    ticks = "select type, status from job_ticks"
    wait_for(
        lambda: ("SCHEDULE", "SUCCESS") in postgres.query("dagster", ticks),
        120,
        lambda: f"a successful tick in PostgreSQL: {postgres.query('dagster', ticks)}",
        dagster_stack.daemon,
        interval=3,
    )

    # The queued-run coordinator of the daemon dequeues and launches it.
    def launched() -> str | None:
        status = postgres.query("dagster", "select status from runs where run_id = %s", (run_id,))[
            0
        ][0]
        return None if status in {"QUEUED", "NOT_STARTED"} else status

    wait_for(launched, 180, "the scheduled run to be launched", dagster_stack.daemon, interval=3)
    events = {
        row[0]
        for row in postgres.query(
            "dagster",
            "select distinct dagster_event_type from event_logs where run_id = %s",
            (run_id,),
        )
    }
    assert "PIPELINE_STARTING" in events or "PIPELINE_START" in events, events

    # The webserver reads the same run from PostgreSQL. The run itself (the chain on empty
    # volumes) ends with the daemon's process group when the fixture stops it.
    data = _graphql(
        dagster_stack.url,
        """
        query ($runId: ID!) { runOrError(runId: $runId) {
            ... on Run { runId jobName status tags { key value } } } }""",
        {"runId": run_id},
    )
    assert data["runOrError"]["runId"] == run_id
    assert data["runOrError"]["jobName"] == "refresh_warehouse_job"
    assert data["runOrError"]["status"] != "QUEUED"
    print(f"\nscheduled run {run_id}: {data['runOrError']['status']}; events: {sorted(events)}")


def test_every_stack_process_listens_on_localhost_only(stack, superset_stack, dagster_stack):
    groups = {service.pid for service in stack.services if service.running()}
    assert len(groups) == len(stack.services), [s.name for s in stack.services if not s.running()]
    listening = subprocess.run(["ss", "-Hltnp"], capture_output=True, text=True, check=False)
    if listening.returncode != 0:
        pytest.skip("ss is not available")
    checked = 0
    for line in listening.stdout.splitlines():
        for pid in {int(part.split(",")[0]) for part in line.split("pid=")[1:]}:
            try:
                group = os.getpgid(pid)
            except ProcessLookupError:
                continue
            if group in groups:  # a stack process or one of its children
                assert line.split()[3].startswith("127.0.0.1:"), line
                checked += 1
    assert checked >= 5, listening.stdout
