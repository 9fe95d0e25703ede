"""The dbt exposures list exactly the marts each Superset dashboard reads; no Superset needed.

A dashboard reads the dataset of every chart on it, the dataset of every native filter (the
filter's values come from it) and the dataset of every chart an annotation layer is drawn
from. Each of those datasets is one mart (same name end to end), so the exposure named after
the dashboard's slug must depend on exactly those marts: lineage and ``dbt ls --select
+exposure:...`` then tell which dashboards a changed mart reaches. Tables the publish step
writes next to the marts (``mart_datasets.PUBLISHED_BY_PUBLISH_STEP``) are no dbt nodes and
are left out.
"""

from __future__ import annotations

import pytest

from superset_config import bundle, mart_datasets

FILES = bundle.load_bundle()
NOT_DBT = {node["name"] for node in mart_datasets.PUBLISHED_BY_PUBLISH_STEP}
DATASET_TABLES = {
    config["uuid"]: config["table_name"]
    for relative, config in FILES.items()
    if relative.startswith("datasets/")
}
CHARTS = {
    config["uuid"]: config for relative, config in FILES.items() if relative.startswith("charts/")
}
DASHBOARDS = {
    config["slug"]: config
    for relative, config in FILES.items()
    if relative.startswith("dashboards/")
}


def marts_read_by(dashboard: dict) -> set[str]:
    """Mart tables a dashboard of the bundle reads (charts, filters, annotation sources)."""
    chart_uuids = [
        node["meta"]["uuid"]
        for node in dashboard["position"].values()
        if isinstance(node, dict) and node.get("type") == "CHART"
    ]
    dataset_uuids = {CHARTS[uuid]["dataset_uuid"] for uuid in chart_uuids}
    for uuid in chart_uuids:
        for layer in CHARTS[uuid]["params"].get("llo_annotation_layers") or []:
            dataset_uuids.add(CHARTS[layer["source_chart_uuid"]]["dataset_uuid"])
    for native_filter in dashboard["metadata"].get("native_filter_configuration", []):
        for target in native_filter.get("targets", []):
            if "datasetUuid" in target:
                dataset_uuids.add(target["datasetUuid"])
    return {DATASET_TABLES[uuid] for uuid in dataset_uuids}


@pytest.fixture(scope="module")
def dashboard_exposures(dbt_manifest) -> dict[str, set[str]]:
    """Exposure name -> names of the models it depends on, as dbt resolved them."""
    nodes = dbt_manifest["nodes"]
    return {
        exposure["name"]: {nodes[node]["name"] for node in exposure["depends_on"]["nodes"]}
        for exposure in dbt_manifest["exposures"].values()
        if exposure["type"] == "dashboard"
    }


def test_one_exposure_per_dashboard(dashboard_exposures):
    assert sorted(dashboard_exposures) == sorted(DASHBOARDS)


@pytest.mark.parametrize("slug", sorted(DASHBOARDS))
def test_exposure_lists_exactly_the_marts_the_dashboard_reads(
    slug, dashboard_exposures, dbt_manifest
):
    used = marts_read_by(DASHBOARDS[slug]) - NOT_DBT
    declared = dashboard_exposures.get(slug, set())
    assert declared == used, (
        f"dbt_project/models/marts/_marts__exposures.yml, exposure {slug}: "
        f"missing {sorted(used - declared)}, not used {sorted(declared - used)}"
    )
    marts = {
        node["name"]
        for node in dbt_manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"].get("schema") == "marts"
    }
    assert used <= marts
