"""Superset end to end over REST: provisioning, every chart query, roles, exports, security.

The server comes from the session fixture ``superset`` (tests/superset/conftest.py):
provisioned once against the serving database of the real pipeline run, started with
serve.sh on a free port, stopped by its PID at the end of the session.
"""

from __future__ import annotations

import html
import io
import json
import re
import secrets
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import duckdb
import pytest
import requests
import yaml

from superset_config import bundle

from .conftest import ANALYST

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parents[2]
ASSETS = REPO_ROOT / "superset_config" / "assets"
# Marts that are empty after the first refresh of a new installation, by design.
EMPTY_ON_FIRST_RUN = {"rpt_quality_checks"}
RESOURCES = (
    ("dashboards", "dashboard", "id,uuid,dashboard_title,published"),
    ("charts", "chart", "id,uuid,slice_name"),
    ("datasets", "dataset", "id,uuid,table_name,schema"),
    ("databases", "database", "id,uuid,database_name"),
)


def _bundle(folder: str) -> dict[str, dict]:
    return {
        yaml.safe_load(path.read_text())["uuid"]: yaml.safe_load(path.read_text())
        for path in (ASSETS / folder).rglob("*.yaml")
    }


def _list(api, resource: str, columns: str, q_extra: str = "") -> list[dict]:
    response = api.get(
        f"{api.base}/api/v1/{resource}/",
        timeout=30,
        params={"q": f"(columns:!({columns}),page_size:100{q_extra})"},
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


def _chart_data(api, chart_id: int, result_format: str = "json") -> requests.Response:
    detail = api.get(f"{api.base}/api/v1/chart/{chart_id}", timeout=30).json()["result"]
    context = json.loads(detail["query_context"])
    context["result_format"] = result_format
    return api.post(f"{api.base}/api/v1/chart/data", json=context, timeout=120)


def _web_login(base: str, user: dict) -> requests.Session:
    """A browser-like session: the login form with its CSRF token, then the session cookie."""
    session = requests.Session()
    form = session.get(f"{base}/login/", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', form
    )
    assert token, "no CSRF token on the login page"
    done = session.post(
        f"{base}/login/",
        timeout=30,
        data={**user, "csrf_token": token.group(1)},
        allow_redirects=False,
    )
    assert done.status_code == 302 and "/login" not in done.headers["Location"], done.text[:500]
    return session


def _dataset_id(api, table_name: str) -> int:
    datasets = _list(api, "dataset", "id,table_name")
    return next(d["id"] for d in datasets if d["table_name"] == table_name)


# ---------------------------------------------------------------------------
# Server and provisioning
# ---------------------------------------------------------------------------


def test_health_and_strict_content_security_policy(superset):
    health = requests.get(f"{superset['url']}/health", timeout=10)
    assert health.status_code == 200 and health.text.strip() == "OK"
    policy = requests.get(f"{superset['url']}/login/", timeout=30).headers[
        "Content-Security-Policy"
    ]
    assert "img-src 'self' blob: data:;" in policy
    assert "connect-src 'self';" in policy
    assert "scarf" not in policy


def _object_ids(api) -> dict[str, list[tuple[str, int]]]:
    """(uuid, id) of every dashboard, chart, dataset and database on the server."""
    return {
        folder: sorted((item["uuid"], item["id"]) for item in _list(api, resource, columns))
        for folder, resource, columns in RESOURCES
    }


@contextmanager
def _metadata_restored(metadata_db: Path) -> Iterator[None]:
    """Put the server's SQLite metadata database back as it was (SQLite's backup API, which
    is safe while the server holds connections)."""
    snapshot = metadata_db.with_name(f"{metadata_db.stem}.snapshot.db")
    with closing(sqlite3.connect(metadata_db)) as live, closing(sqlite3.connect(snapshot)) as copy:
        live.backup(copy)
    try:
        yield
    finally:
        with (
            closing(sqlite3.connect(snapshot)) as copy,
            closing(sqlite3.connect(metadata_db)) as live,
        ):
            copy.backup(live)
        snapshot.unlink()


def test_bundle_objects_exist_exactly_once_after_provisioning(api, superset):
    for folder, resource, columns in RESOURCES:
        objects = _list(api, resource, columns)
        uuids = [item["uuid"] for item in objects]
        assert sorted(uuids) == sorted(_bundle(folder)), folder
    dashboards = _list(api, "dashboard", "id,uuid,dashboard_title,published")
    assert all(d["published"] for d in dashboards)
    assert all(d["schema"] == "marts" for d in _list(api, "dataset", "id,schema"))
    log = superset["logs"]["provision"]
    assert "annotation layers linked on" in log and "LLO-analist" in log


def test_a_second_import_of_the_bundle_updates_in_place(api, superset, tmp_path):
    """Re-import the bundle the way provisioning does (``ImportAssetsCommand``, here behind
    ``POST /api/v1/assets/import/``) on the live server: every object keeps its id and none is
    added. A bare import drops what provisioning links afterwards (filter scopes, annotation
    layers, column types), so the metadata database is put back for the other tests."""
    before = _object_ids(api)
    assert {folder: sorted(uuid for uuid, _ in pairs) for folder, pairs in before.items()} == {
        folder: sorted(_bundle(folder)) for folder, _, _ in RESOURCES
    }
    archive = bundle.build_zip(
        tmp_path / "llo_radar_assets.zip", Path(superset["env"]["LLO_SERVING_DB"])
    )
    with _metadata_restored(superset["home"] / "superset.db"):
        with archive.open("rb") as upload:
            response = api.post(
                f"{api.base}/api/v1/assets/import/",
                files={"bundle": (archive.name, upload, "application/zip")},
                timeout=300,
            )
        assert response.status_code == 200, response.text[:2000]
        after = _object_ids(api)
    assert after == before


def test_every_mart_of_the_serving_database_has_a_dataset_with_its_columns(api, serving_db_path):
    with duckdb.connect(str(serving_db_path), read_only=True) as con:
        rows = con.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = 'marts'"
        ).fetchall()
    served: dict[str, set[str]] = {}
    for table, column in rows:
        served.setdefault(table, set()).add(column)
    bundle = {config["table_name"]: config for config in _bundle("datasets").values()}
    assert set(served) == set(bundle), "one dataset per published mart"
    for table, config in bundle.items():
        physical = {c["column_name"] for c in config["columns"] if not c["expression"]}
        assert physical == served[table], table
    # Provisioning filled in the column types from the serving database.
    dataset = api.get(
        f"{api.base}/api/v1/dataset/{_dataset_id(api, 'rpt_region_profile')}", timeout=30
    ).json()["result"]
    types = {c["column_name"]: c["type"] for c in dataset["columns"] if not c["expression"]}
    assert types["group_label"] and types["employee_persons"], types


def test_dashboards_list_their_charts_and_filters_reach_the_charts_in_scope(api):
    for config in _bundle("dashboards").values():
        response = api.get(f"{api.base}/api/v1/dashboard/{config['slug']}", timeout=30)
        assert response.status_code == 200, response.text
        dashboard = response.json()["result"]
        charts = api.get(f"{api.base}/api/v1/dashboard/{dashboard['id']}/charts", timeout=30)
        chart_ids = sorted(chart["id"] for chart in charts.json()["result"])
        expected = [
            node
            for node in config["position"].values()
            if isinstance(node, dict) and node.get("type") == "CHART"
        ]
        assert len(chart_ids) == len(expected), config["slug"]
        metadata = json.loads(dashboard["json_metadata"])
        assert metadata["color_scheme"] == ""
        for native_filter in metadata["native_filter_configuration"]:
            excluded = native_filter["scope"]["excluded"]
            assert set(excluded) <= set(chart_ids), native_filter["name"]
            assert sorted(native_filter["chartsInScope"]) == sorted(
                set(chart_ids) - set(excluded)
            ), (config["slug"], native_filter["name"])


def test_every_chart_query_returns_without_error(api):
    bundle = _bundle("charts")
    datasets = {uuid: c["table_name"] for uuid, c in _bundle("datasets").items()}
    charts = _list(api, "chart", "id,uuid,slice_name,viz_type")
    assert len(charts) == len(bundle)
    for chart in charts:
        response = _chart_data(api, chart["id"])
        assert response.status_code == 200, (chart["slice_name"], response.text[:2000])
        table = datasets[bundle[chart["uuid"]]["dataset_uuid"]]
        for result in response.json()["result"]:
            assert result.get("error") is None, (chart["slice_name"], result["error"])
            if table not in EMPTY_ON_FIRST_RUN:
                assert result["rowcount"] > 0 and result["data"], chart["slice_name"]
        saved = api.get(f"{api.base}/api/v1/chart/{chart['id']}/data/", timeout=120)
        assert saved.status_code == 200, (chart["slice_name"], saved.text[:2000])


def test_policy_events_come_back_as_an_annotation_layer(api):
    layered = [
        chart
        for chart in _list(api, "chart", "id,uuid,slice_name")
        if _bundle("charts")[chart["uuid"]]["params"].get("llo_annotation_layers")
    ]
    assert layered
    for chart in layered:
        detail = api.get(f"{api.base}/api/v1/chart/{chart['id']}", timeout=30).json()["result"]
        params = json.loads(detail["params"])
        assert params["annotation_layers"][0]["value"] > 0
        response = _chart_data(api, chart["id"]).json()["result"][0]
        events = response["annotation_data"]["Beleidsgebeurtenissen"]["records"]
        assert any(event["event_name"] == "STAP-budget" for event in events), chart["slice_name"]


def test_suppressed_cells_read_onderdrukt_never_zero(api, serving_db_path):
    with duckdb.connect(str(serving_db_path), read_only=True) as con:
        suppressed = con.execute(
            "select count(*) from marts.rpt_course_participation_ebb_by_region where suppressed"
        ).fetchone()[0]
    assert suppressed > 0, "the tiny data set should have suppressed regions"
    response = api.post(
        f"{api.base}/api/v1/chart/data",
        timeout=60,
        json={
            "datasource": {
                "id": _dataset_id(api, "rpt_course_participation_ebb_by_region"),
                "type": "table",
            },
            "queries": [
                {
                    "columns": [
                        "region_code",
                        "year",
                        "estimate_label",
                        "interval_label",
                        "n_unweighted_label",
                        "publication_status",
                        "region_name_marked",
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
        assert row["estimate_label"] == row["interval_label"] == "onderdrukt", row
        assert row["n_unweighted_label"] == row["publication_status"] == "onderdrukt", row
        assert row["region_name_marked"].endswith("(onderdrukt)"), row


# ---------------------------------------------------------------------------
# Roles and access
# ---------------------------------------------------------------------------


def test_public_has_no_access(superset):
    base = superset["url"]
    anonymous = requests.Session()
    assert anonymous.get(f"{base}/api/v1/dashboard/", timeout=30).status_code == 401
    assert anonymous.get(f"{base}/api/v1/chart/", timeout=30).status_code == 401
    page = anonymous.get(
        f"{base}/superset/dashboard/regio_overzicht/", timeout=30, allow_redirects=False
    )
    assert page.status_code in (302, 401, 403)
    if page.status_code == 302:
        assert "/login" in page.headers["Location"]


def test_analyst_sees_every_dashboard_and_can_chart_the_datasets(analyst_api, api):
    dashboards = _list(analyst_api, "dashboard", "id,uuid")
    assert sorted(d["uuid"] for d in dashboards) == sorted(_bundle("dashboards"))
    datasets = _list(analyst_api, "dataset", "id,table_name")
    assert len(datasets) == len(_bundle("datasets"))
    for chart in _list(analyst_api, "chart", "id,slice_name")[:10]:
        response = _chart_data(analyst_api, chart["id"])
        assert response.status_code == 200, (chart["slice_name"], response.text[:500])
    # Explore: an own chart on a dataset can be saved and deleted again.
    created = analyst_api.post(
        f"{analyst_api.base}/api/v1/chart/",
        timeout=30,
        json={
            "slice_name": "Eigen grafiek analist",
            "viz_type": "table",
            "datasource_id": datasets[0]["id"],
            "datasource_type": "table",
            "params": json.dumps({"viz_type": "table", "query_mode": "raw"}),
        },
    )
    assert created.status_code == 201, created.text
    deleted = analyst_api.delete(
        f"{analyst_api.base}/api/v1/chart/{created.json()['id']}", timeout=30
    )
    assert deleted.status_code == 200, deleted.text


def test_analyst_reads_in_sql_lab_but_cannot_change_data_or_administer(analyst_api, api):
    database = _list(analyst_api, "database", "id,database_name")[0]
    ok = _sql(analyst_api, database["id"], "SELECT count(*) AS n FROM marts.rpt_region_profile")
    assert ok.status_code == 200, ok.text[:2000]
    for statement in (
        "CREATE TABLE marts.intruder AS SELECT 1 AS x",
        "DELETE FROM marts.rpt_region_profile",
        "SELECT * FROM read_csv('/etc/passwd')",
    ):
        refused = _sql(analyst_api, database["id"], statement)
        assert refused.status_code != 200, statement
    for path in ("/api/v1/security/roles/", "/api/v1/security/users/", "/api/v1/log/"):
        response = analyst_api.get(f"{analyst_api.base}{path}", timeout=30)
        assert response.status_code in (401, 403, 404), (path, response.status_code)
    changed = analyst_api.put(
        f"{analyst_api.base}/api/v1/database/{database['id']}",
        timeout=30,
        json={"allow_dml": True},
    )
    assert changed.status_code in (401, 403, 404), changed.text
    # The analyst cannot change the shared dashboards either (owned by the admin).
    dashboard = _list(analyst_api, "dashboard", "id")[0]
    edited = analyst_api.put(
        f"{analyst_api.base}/api/v1/dashboard/{dashboard['id']}",
        timeout=30,
        json={"dashboard_title": "gewijzigd"},
    )
    assert edited.status_code in (401, 403, 404), edited.text


def test_csv_and_xlsx_export_in_dutch_notation(analyst_api):
    chart = next(
        c
        for c in _list(analyst_api, "chart", "id,slice_name")
        if c["slice_name"] == "Cursusdeelname met betrouwbaarheidsinterval"
    )
    csv = _chart_data(analyst_api, chart["id"], "csv")
    assert csv.status_code == 200, csv.text[:500]
    text = csv.content.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert ";" in header and "onderdrukt" in text
    xlsx = _chart_data(analyst_api, chart["id"], "xlsx")
    assert xlsx.status_code == 200, xlsx.text[:500]
    with zipfile.ZipFile(io.BytesIO(xlsx.content)) as workbook:
        assert "xl/workbook.xml" in workbook.namelist()


def test_permalinks_work_for_the_analyst(analyst_api, superset):
    dashboard = analyst_api.get(
        f"{analyst_api.base}/api/v1/dashboard/regio_overzicht", timeout=30
    ).json()["result"]
    created = analyst_api.post(
        f"{analyst_api.base}/api/v1/dashboard/{dashboard['id']}/permalink",
        timeout=30,
        json={"dataMask": {}, "activeTabs": [], "anchor": "", "urlParams": []},
    )
    assert created.status_code == 201, created.text
    key = created.json()["key"]
    assert created.json()["url"].endswith(f"/superset/dashboard/p/{key}/")
    stored = analyst_api.get(f"{analyst_api.base}/api/v1/dashboard/permalink/{key}", timeout=30)
    assert stored.status_code == 200, stored.text
    assert str(stored.json()["dashboardId"]) in (
        str(dashboard["id"]),
        dashboard["slug"],
        str(dashboard.get("uuid")),
    )
    browser = _web_login(superset["url"], ANALYST)
    followed = browser.get(
        f"{superset['url']}/superset/dashboard/p/{key}/", timeout=30, allow_redirects=False
    )
    assert followed.status_code == 302, followed.status_code
    location = followed.headers["Location"]
    assert f"permalink_key={key}" in location
    assert any(
        f"/superset/dashboard/{ref}/" in location
        for ref in (dashboard["id"], dashboard["slug"], dashboard.get("uuid"))
    ), location
    opened = browser.get(f"{superset['url']}{location}", timeout=30)
    assert opened.status_code == 200


def test_dutch_is_the_default_language(analyst_api, superset):
    page = analyst_api.get(f"{superset['url']}/superset/welcome/", timeout=30)
    assert page.status_code == 200
    bootstrap = html.unescape(page.text)
    assert '"locale": "nl"' in bootstrap or '"locale":"nl"' in bootstrap
    assert '"nl": {"flag": "nl"' in bootstrap or '"nl":{"flag":"nl"' in bootstrap


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
