"""Superset end to end: provision (twice), start gunicorn, and check everything over REST.

The serving database is the one the real pipeline publishes (``serving_db_path`` from
tests/conftest.py). Superset runs from .venv-superset with SQLite metadata in a temporary
SUPERSET_HOME on 127.0.0.1 and a free port, exactly as ``make demo`` starts it
(superset_config/provision.py, superset_config/serve.sh). The server is always stopped by
its PID at the end.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
import requests
import yaml

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]
SUPERSET_VENV = REPO_ROOT / ".venv-superset"
PROVISION = REPO_ROOT / "superset_config" / "provision.py"
SERVE = REPO_ROOT / "superset_config" / "serve.sh"
ASSETS = REPO_ROOT / "superset_config" / "assets"
ADMIN = {"username": "llo_test_admin", "password": secrets.token_urlsafe(16)}

# Variables from a developer's shell or .env that must not leak into the test server.
LEAKY_VARIABLES = (
    "SUPERSET_METADATA_DB_URI",
    "SUPERSET_METADATA_DB_HOST",
    "REDIS_HOST",
    "SUPERSET_PORT",
    "SUPERSET_HOST",
    "SUPERSET_BIND_HOST",
    "SUPERSET_SECRET_KEY_FILE",
    "FLASK_APP",
    "SUPERSET_CONFIG_PATH",
    "SUPERSET_ADMIN_PASSWORD_FILE",
    "VIRTUAL_ENV",
)


def _bundle_uuids(folder: str) -> set[str]:
    return {yaml.safe_load(path.read_text())["uuid"] for path in (ASSETS / folder).rglob("*.yaml")}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop_by_pid(pid: int, timeout: float = 30) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.5)
    os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def superset(serving_db_path, tmp_path_factory):
    """A provisioned Superset on a free local port; yields its base URL and timings."""
    home = tmp_path_factory.mktemp("superset_home")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in LEAKY_VARIABLES}
    env.update(
        {
            "SUPERSET_HOME": str(home),
            "SUPERSET_SECRET_KEY": secrets.token_urlsafe(42),
            "LLO_RADAR_MODE": "test",
            "SUPERSET_ADMIN_USERNAME": ADMIN["username"],
            "SUPERSET_ADMIN_PASSWORD": ADMIN["password"],
            "SUPERSET_ADMIN_EMAIL": "beheer@llo-radar.test",
            "LLO_SERVING_DB": str(serving_db_path),
            "SUPERSET_PORT": str(port),
            "SUPERSET_HOST": "127.0.0.1",
            "SCARF_ANALYTICS": "false",
        }
    )
    python = str(SUPERSET_VENV / "bin" / "python")
    timings = {}

    def provision(label: str) -> None:
        started = time.monotonic()
        done = subprocess.run(
            [python, str(PROVISION)],
            check=False,
            env=env,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        timings[label] = round(time.monotonic() - started, 1)
        assert done.returncode == 0, done.stderr[-4000:]

    provision("provision_1")
    pid_file = home / "superset.pid"
    pid = None
    try:
        started = time.monotonic()
        done = subprocess.run(
            [str(SERVE), "start"],
            check=False,
            env=env,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        timings["server_start"] = round(time.monotonic() - started, 1)
        if pid_file.exists():
            pid = int(pid_file.read_text().strip())
        assert done.returncode == 0, done.stdout + done.stderr
        assert pid is not None
        # Second run against the live server: must update in place, not duplicate.
        provision("provision_2")
        print(f"\nSuperset timings (s): {timings}")
        yield {"url": f"http://127.0.0.1:{port}", "timings": timings, "home": home}
    finally:
        if pid is None and pid_file.exists():
            pid = int(pid_file.read_text().strip())
        if pid is not None:
            _stop_by_pid(pid)


@pytest.fixture(scope="module")
def api(superset):
    """A logged-in REST session (bearer token plus CSRF token and session cookie)."""
    base = superset["url"]
    session = requests.Session()
    login = session.post(
        f"{base}/api/v1/security/login",
        timeout=30,
        json={**ADMIN, "provider": "db", "refresh": False},
    )
    assert login.status_code == 200, login.text
    session.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    csrf = session.get(f"{base}/api/v1/security/csrf_token/", timeout=30).json()["result"]
    session.headers.update({"X-CSRFToken": csrf, "Referer": base})
    session.base = base
    return session


def _list(api, resource: str, columns: str) -> list[dict]:
    response = api.get(
        f"{api.base}/api/v1/{resource}/",
        timeout=30,
        params={"q": f"(columns:!({columns}),page_size:100)"},
    )
    assert response.status_code == 200, response.text
    return response.json()["result"]


def _sql(api, database_id: int, sql: str) -> requests.Response:
    return api.post(
        f"{api.base}/api/v1/sqllab/execute/",
        timeout=60,
        json={
            "database_id": database_id,
            "sql": sql,
            "schema": "marts",
            "runAsync": False,
            "select_as_cta": False,
            "queryLimit": 100,
            "client_id": secrets.token_hex(5),
        },
    )


def test_health_and_strict_content_security_policy(superset):
    health = requests.get(f"{superset['url']}/health", timeout=10)
    assert health.status_code == 200 and health.text.strip() == "OK"
    policy = requests.get(f"{superset['url']}/login/", timeout=30).headers[
        "Content-Security-Policy"
    ]
    assert "img-src 'self' blob: data:;" in policy
    assert "connect-src 'self';" in policy
    assert "scarf" not in policy


def test_bundle_objects_exist_exactly_once_after_two_provisioning_runs(api):
    dashboards = _list(api, "dashboard", "id,uuid,dashboard_title,slug,published")
    charts = _list(api, "chart", "id,uuid,slice_name")
    datasets = _list(api, "dataset", "id,uuid,table_name,schema")
    databases = _list(api, "database", "id,uuid,database_name")
    for objects, folder in (
        (dashboards, "dashboards"),
        (charts, "charts"),
        (datasets, "datasets"),
        (databases, "databases"),
    ):
        uuids = [item["uuid"] for item in objects]
        assert sorted(uuids) == sorted(_bundle_uuids(folder)), folder
    titles = [d["dashboard_title"] for d in dashboards]
    assert titles.count("LLO-deelname per arbeidsmarktregio (EBB)") == 1
    assert all(d["published"] for d in dashboards)
    assert all(d["schema"] == "marts" for d in datasets)


def test_dashboard_lists_its_charts_and_filters_reach_them(api):
    response = api.get(f"{api.base}/api/v1/dashboard/course_participation_by_region", timeout=30)
    assert response.status_code == 200, response.text
    dashboard = response.json()["result"]
    charts = api.get(f"{api.base}/api/v1/dashboard/{dashboard['id']}/charts", timeout=30)
    chart_ids = sorted(chart["id"] for chart in charts.json()["result"])
    assert len(chart_ids) == len(_bundle_uuids("charts"))
    metadata = json.loads(dashboard["json_metadata"])
    assert metadata["color_scheme"] == ""
    for native_filter in metadata["native_filter_configuration"]:
        assert sorted(native_filter["chartsInScope"]) == chart_ids, native_filter["name"]


def test_every_chart_query_returns_rows(api):
    for chart in _list(api, "chart", "id,uuid,slice_name"):
        detail = api.get(f"{api.base}/api/v1/chart/{chart['id']}", timeout=30).json()["result"]
        query_context = json.loads(detail["query_context"])
        response = api.post(f"{api.base}/api/v1/chart/data", json=query_context, timeout=60)
        assert response.status_code == 200, (chart["slice_name"], response.text[:2000])
        for result in response.json()["result"]:
            assert result.get("error") is None, result["error"]
            assert result["rowcount"] > 0 and result["data"], chart["slice_name"]
        saved = api.get(f"{api.base}/api/v1/chart/{chart['id']}/data/", timeout=60)
        assert saved.status_code == 200, saved.text[:2000]


def test_suppressed_cells_read_onderdrukt_never_zero(api, serving_db_path):
    with duckdb.connect(str(serving_db_path), read_only=True) as con:
        suppressed = con.execute(
            "select count(*) from marts.rpt_course_participation_ebb_by_region where suppressed"
        ).fetchone()[0]
    dataset = _list(api, "dataset", "id,uuid,table_name")[0]
    response = api.post(
        f"{api.base}/api/v1/chart/data",
        timeout=60,
        json={
            "datasource": {"id": dataset["id"], "type": "table"},
            "queries": [
                {
                    "columns": [
                        "region_code",
                        "year",
                        "estimate_label",
                        "ci_lower_label",
                        "n_unweighted_label",
                        "publication_status",
                    ],
                    "filters": [{"col": "suppressed", "op": "==", "val": True}],
                    "row_limit": 10000,
                }
            ],
            "result_format": "json",
            "result_type": "full",
        },
    )
    assert response.status_code == 200, response.text[:2000]
    rows = response.json()["result"][0]["data"]
    assert len(rows) == suppressed
    for row in rows:
        assert row["estimate_label"] == row["ci_lower_label"] == "onderdrukt", row
        assert row["n_unweighted_label"] == row["publication_status"] == "onderdrukt", row


def test_sql_lab_reads_marts_but_cannot_touch_files(api):
    database = _list(api, "database", "id,uuid,database_name")[0]
    ok = _sql(
        api,
        database["id"],
        "SELECT region_code, estimate FROM marts.rpt_course_participation_ebb_by_region",
    )
    assert ok.status_code == 200, ok.text[:2000]
    assert ok.json()["data"]

    # The DuckDB connection itself is locked down (not only Superset's SQL checks).
    settings = _sql(
        api,
        database["id"],
        "SELECT current_setting('enable_external_access') AS external_access, "
        "current_setting('lock_configuration') AS locked",
    )
    assert settings.status_code == 200, settings.text[:2000]
    assert settings.json()["data"] == [{"external_access": False, "locked": True}]

    for attempt in (
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_text('/etc/passwd')",
        "SELECT * FROM '/etc/passwd'",
        "ATTACH '/etc/hostname' AS stolen",
        "SET enable_external_access = true",
        "CREATE TABLE marts.intruder AS SELECT 1 AS x",
    ):
        refused = _sql(api, database["id"], attempt)
        assert refused.status_code != 200, attempt
        assert "root:" not in refused.text, attempt
