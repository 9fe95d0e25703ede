"""Static checks of the committed Superset bundle (superset_config/assets/); no Superset needed."""

from __future__ import annotations

import importlib.util
import json
import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
ASSETS = REPO_ROOT / "superset_config" / "assets"
MARTS_DIR = REPO_ROOT / "dbt_project" / "models" / "marts"


def _load_bundle_module():
    spec = importlib.util.spec_from_file_location(
        "llo_superset_bundle", REPO_ROOT / "superset_config" / "bundle.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = _load_bundle_module()
FILES = bundle.load_bundle(ASSETS)


def _of(folder: str) -> dict[str, dict]:
    return {path: config for path, config in FILES.items() if path.startswith(folder + "/")}


DATABASES = _of("databases")
DATASETS = _of("datasets")
CHARTS = _of("charts")
DASHBOARDS = _of("dashboards")
DATASETS_BY_UUID = {config["uuid"]: config for config in DATASETS.values()}


def test_every_yaml_file_parses_and_the_bundle_is_complete():
    on_disk = {p.relative_to(ASSETS).as_posix() for p in ASSETS.rglob("*") if p.is_file()}
    assert on_disk == set(FILES), "only YAML files in the asset folders belong in the bundle"
    assert all(isinstance(config, dict) for config in FILES.values())
    assert DATABASES and DATASETS and CHARTS and DASHBOARDS


def test_metadata_has_version_and_no_type():
    metadata = FILES["metadata.yaml"]
    assert metadata["version"] == "1.0.0"
    assert "type" not in metadata, "a type breaks either the CLI or the assets API import"


def test_file_names_are_slugs_without_ids():
    for path in FILES:
        assert re.fullmatch(r"[a-z0-9_/]+\.yaml", path), path
        assert not re.search(r"_\d+\.yaml$", path), f"{path}: looks like an exported id suffix"
    for path in CHARTS:
        folder = path.split("/")[1]
        assert f"dashboards/{folder}.yaml" in DASHBOARDS, f"{path}: folder is not a dashboard slug"


def test_uuids_are_valid_and_unique():
    seen: dict[str, str] = {}
    for path, config in FILES.items():
        if path == "metadata.yaml":
            continue
        value = str(config["uuid"])
        assert str(uuid.UUID(value)) == value, path
        assert value not in seen, f"{path} reuses the uuid of {seen.get(value)}"
        seen[value] = path


def test_required_fields_of_the_import_schemas():
    required = {
        "databases": ("database_name", "sqlalchemy_uri", "uuid", "version"),
        "datasets": ("table_name", "uuid", "version", "database_uuid"),
        "charts": ("slice_name", "viz_type", "uuid", "version", "dataset_uuid"),
        "dashboards": ("dashboard_title", "uuid", "version"),
    }
    for path, config in FILES.items():
        folder = path.split("/")[0]
        for field in required.get(folder, ()):
            assert config.get(field) not in (None, ""), f"{path}: {field} missing"


def test_references_resolve():
    database_uuids = {config["uuid"] for config in DATABASES.values()}
    chart_uuids = {config["uuid"] for config in CHARTS.values()}
    for path, config in DATASETS.items():
        assert config["database_uuid"] in database_uuids, path
    for path, config in CHARTS.items():
        assert config["dataset_uuid"] in DATASETS_BY_UUID, path
    for path, config in DASHBOARDS.items():
        for node in config["position"].values():
            if isinstance(node, dict) and node.get("type") == "CHART":
                assert node["meta"]["uuid"] in chart_uuids, f"{path}: unknown chart"
                assert isinstance(node["meta"].get("chartId"), int), f"{path}: meta.chartId"
        for native_filter in config["metadata"].get("native_filter_configuration", []):
            for target in native_filter["targets"]:
                dataset = DATASETS_BY_UUID[target["datasetUuid"]]
                columns = {column["column_name"] for column in dataset["columns"]}
                assert target["column"]["name"] in columns, native_filter["name"]


def test_every_chart_is_on_a_dashboard_and_position_tree_is_consistent():
    on_dashboards = set()
    for path, config in DASHBOARDS.items():
        position = config["position"]
        for key, node in position.items():
            if not isinstance(node, dict):
                continue
            assert node.get("id", key) == key, f"{path}: {key}"
            for child in node.get("children", []):
                assert child in position, f"{path}: {key} -> missing {child}"
                assert key in position[child].get("parents", []), f"{path}: parents of {child}"
            if node.get("type") == "CHART":
                on_dashboards.add(node["meta"]["uuid"])
    assert on_dashboards == {config["uuid"] for config in CHARTS.values()}


def test_datasets_only_on_marts_models():
    for path, config in DATASETS.items():
        assert config["schema"] == "marts", path
        assert not config.get("sql"), f"{path}: virtual datasets bypass the marts contract"
        assert (MARTS_DIR / f"{config['table_name']}.sql").is_file(), (
            f"{path}: {config['table_name']} is not a dbt model in models/marts"
        )


def test_physical_dataset_columns_exist_in_the_mart_and_are_labelled_in_dutch():
    for path, config in DATASETS.items():
        model_yaml = yaml.safe_load((MARTS_DIR / f"{config['table_name']}.yml").read_text())
        model = next(m for m in model_yaml["models"] if m["name"] == config["table_name"])
        documented = {column["name"] for column in model["columns"]}
        for column in config["columns"]:
            assert column.get("verbose_name"), f"{path}: {column['column_name']} has no label"
            if not column.get("expression"):
                assert column["column_name"] in documented, f"{path}: {column['column_name']}"
        for metric in config["metrics"]:
            assert metric.get("verbose_name"), f"{path}: {metric['metric_name']} has no label"


def test_share_metrics_are_formatted_as_percentages():
    for config in DATASETS.values():
        metrics = {metric["metric_name"]: metric for metric in config["metrics"]}
        assert metrics["course_participation_share"]["d3format"].endswith("%")


def test_charts_use_only_dataset_columns_and_metrics():
    for path, config in CHARTS.items():
        dataset = DATASETS_BY_UUID[config["dataset_uuid"]]
        columns = {column["column_name"] for column in dataset["columns"]}
        metrics = {metric["metric_name"] for metric in dataset["metrics"]}
        params = config["params"]
        used_columns = list(params.get("all_columns") or []) + list(params.get("groupby") or [])
        if params.get("x_axis"):
            used_columns.append(params["x_axis"])
        for column in used_columns:
            assert column in columns, f"{path}: unknown column {column}"
        for metric in params.get("metrics") or []:
            if isinstance(metric, str):
                assert metric in metrics, f"{path}: unknown metric {metric}"
        assert config["query_context"], f"{path}: no saved query_context"
        context = json.loads(config["query_context"])
        assert context["form_data"]["viz_type"] == config["viz_type"]
        for query in context["queries"]:
            for column in query.get("columns", []):
                name = column if isinstance(column, str) else column.get("sqlExpression")
                assert name in columns, f"{path}: query column {name}"


def test_dashboard_settings():
    for path, config in DASHBOARDS.items():
        assert config["metadata"]["color_scheme"] == "", f"{path}: scheme overrides chart colours"
        assert config["slug"] == Path(path).stem
        markdown = [
            node["meta"]["code"]
            for node in config["position"].values()
            if isinstance(node, dict) and node.get("type") == "MARKDOWN"
        ]
        assert markdown, f"{path}: every dashboard carries its interpretation"
        for filter_config in config["metadata"].get("native_filter_configuration", []):
            assert "chartsInScope" not in filter_config, "ids are filled in by provisioning"


def test_llo_dashboard_explains_how_to_read_the_figures():
    config = DASHBOARDS["dashboards/course_participation_by_region.yaml"]
    assert config["dashboard_title"] == "LLO-deelname per arbeidsmarktregio (EBB)"
    text = " ".join(
        node["meta"]["code"]
        for node in config["position"].values()
        if isinstance(node, dict) and node.get("type") == "MARKDOWN"
    )
    for phrase in (
        "werkzame beroepsbevolking",
        "4 weken",
        "95%-betrouwbaarheidsinterval",
        "onderdrukt",
        "indicatief",
        "150",
        "EBB",
        "synthetische data",
        "Periode",
    ):
        assert phrase in text, phrase


def test_database_is_read_only_and_locked_down_without_credentials():
    for path, config in DATABASES.items():
        uri = config["sqlalchemy_uri"]
        assert uri == f"duckdb:///{bundle.SERVING_DB_PLACEHOLDER}", path
        assert urlsplit(uri).password is None and "@" not in uri, f"{path}: credentials in URI"
        assert "password" not in config or not config["password"]
        assert config["allow_dml"] is False
        assert config["allow_file_upload"] is False
        assert config["allow_ctas"] is False and config["allow_cvas"] is False
        assert config["expose_in_sqllab"] is True
        connect_args = config["extra"]["engine_params"]["connect_args"]
        assert connect_args["read_only"] is True
        assert connect_args["config"] == {
            "enable_external_access": False,
            "lock_configuration": True,
        }


def test_render_fills_in_the_absolute_serving_path(tmp_path):
    serving = tmp_path / "serving" / "llo_radar.duckdb"
    rendered = bundle.render_bundle(tmp_path / "rendered", serving, ASSETS)
    database = yaml.safe_load((rendered / "databases" / "llo_radar_serving.yaml").read_text())
    assert database["sqlalchemy_uri"] == f"duckdb:///{serving}"
    archive = bundle.zip_bundle(rendered, tmp_path / "bundle.zip")
    import zipfile

    with zipfile.ZipFile(archive) as handle:
        names = handle.namelist()
    assert f"{bundle.ZIP_ROOT}/metadata.yaml" in names
    assert len(names) == len(FILES)
    with pytest.raises(ValueError):
        bundle.serving_db_uri(Path("relative/llo_radar.duckdb"))


def test_folding_an_export_of_the_bundle_back_in_changes_nothing(tmp_path):
    """The export -> commit loop is stable: exporting what was imported gives the same files."""
    import shutil

    copy = tmp_path / "assets"
    shutil.copytree(ASSETS, copy)
    serving = tmp_path / "llo_radar.duckdb"
    exported = {}
    for path in FILES:
        if path == "metadata.yaml":
            continue
        text = bundle.render_text(path, (ASSETS / path).read_text(), serving)
        # An export names files by title and id; the fold must map them back by UUID.
        exported[f"{path.split('/')[0]}/Exported_{len(exported)}_42.yaml"] = text
    written = bundle.fold_export(exported, assets_dir=copy)
    assert sorted(written) == sorted(path for path in FILES if path != "metadata.yaml")
    for path in FILES:
        assert (copy / path).read_text() == (ASSETS / path).read_text(), path
