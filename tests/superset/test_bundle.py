"""Static checks of the committed Superset bundle (superset_config/assets/); no Superset needed.

The datasets are generated from the dbt manifest and the charts and dashboards from
superset_config/dashboards.py; the committed YAML must equal what the generators produce, so
a changed mart or dashboard that was not regenerated fails here.
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from superset_config import bundle, charts, dashboards, mart_datasets

REPO_ROOT = Path(__file__).resolve().parents[2]
ASSETS = REPO_ROOT / "superset_config" / "assets"
MARTS_DIR = REPO_ROOT / "dbt_project" / "models" / "marts"

FILES = bundle.load_bundle(ASSETS)


def _of(folder: str) -> dict[str, dict]:
    return {path: config for path, config in FILES.items() if path.startswith(folder + "/")}


DATABASES = _of("databases")
DATASETS = _of("datasets")
CHARTS = _of("charts")
DASHBOARDS = _of("dashboards")
DATASETS_BY_UUID = {config["uuid"]: config for config in DATASETS.values()}
CHARTS_BY_UUID = {config["uuid"]: config for config in CHARTS.values()}
SEVEN_DASHBOARDS = {
    "regio_overzicht": "1. Regio-overzicht",
    "vaardigheden_vraag_en_aanbod": "2. Vaardigheden: vraag en aanbod",
    "llo_deelname": "3. LLO-deelname",
    "groeiberoepen_en_overstapkansen": "4. Groeiberoepen en overstapkansen",
    "llo_markt": "5. LLO-markt",
    "sectorinfographic": "6. Sectorinfographic",
    "datakwaliteit_en_actualiteit": "7. Datakwaliteit en actualiteit",
}


def _columns(dataset: dict) -> set[str]:
    return {column["column_name"] for column in dataset["columns"]}


def _markdown(config: dict) -> str:
    return "\n".join(
        node["meta"]["code"]
        for node in config["position"].values()
        if isinstance(node, dict) and node.get("type") == "MARKDOWN"
    )


# ---------------------------------------------------------------------------
# Generated = committed
# ---------------------------------------------------------------------------


def test_datasets_are_exactly_what_the_generator_makes_from_the_dbt_manifest(dbt_manifest):
    generated = mart_datasets.generate(dbt_manifest, bundle.dump_yaml)
    committed = {
        path.relative_to(ASSETS).as_posix(): path.read_text(encoding="utf-8")
        for path in (ASSETS / mart_datasets.DATASET_FOLDER).glob("*.yaml")
    }
    assert sorted(committed) == sorted(generated), (
        "datasets differ from the marts; run `.venv/bin/python -m superset_config.bundle datasets`"
    )
    for relative, text in generated.items():
        assert committed[relative] == text, (
            f"{relative} is stale; run `.venv/bin/python -m superset_config.bundle datasets`"
        )


def test_every_mart_has_exactly_one_dataset(dbt_manifest):
    marts = set(mart_datasets.table_names(dbt_manifest))
    tables = [config["table_name"] for config in DATASETS.values()]
    assert len(tables) == len(set(tables))
    assert set(tables) == marts
    on_disk = {path.stem for path in MARTS_DIR.glob("rpt_*.sql")} | {
        path.stem for path in MARTS_DIR.glob("dim_*.sql")
    }
    assert on_disk <= marts, "a mart model is missing from the manifest"


def test_charts_and_dashboards_are_exactly_what_dashboards_py_renders():
    generated = bundle.generated_dashboard_files()
    committed = {
        path: (ASSETS / path).read_text(encoding="utf-8")
        for path in FILES
        if path.startswith(("charts/", "dashboards/"))
    }
    assert sorted(committed) == sorted(generated), (
        "run `.venv/bin/python -m superset_config.bundle dashboards`"
    )
    for relative, text in generated.items():
        assert committed[relative] == text, f"{relative} is stale; regenerate the dashboards"


def test_dataset_uuids_are_derived_from_the_table_name():
    for path, config in DATASETS.items():
        assert config["uuid"] == mart_datasets.dataset_uuid(config["table_name"]), path


# ---------------------------------------------------------------------------
# Bundle structure
# ---------------------------------------------------------------------------


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


def test_every_uuid_reference_resolves():
    database_uuids = {config["uuid"] for config in DATABASES.values()}
    for path, config in DATASETS.items():
        assert config["database_uuid"] in database_uuids, path
    for path, config in CHARTS.items():
        assert config["dataset_uuid"] in DATASETS_BY_UUID, path
        for layer in config["params"].get("llo_annotation_layers", []):
            source = CHARTS_BY_UUID[layer["source_chart_uuid"]]
            assert DATASETS_BY_UUID[source["dataset_uuid"]]["table_name"] == "rpt_policy_events"
            source_columns = set(source["params"]["all_columns"])
            for column in (layer["timeColumn"], layer["titleColumn"], *layer["descriptionColumns"]):
                assert column in source_columns, f"{path}: annotation column {column}"
    for path, config in DASHBOARDS.items():
        for node in config["position"].values():
            if isinstance(node, dict) and node.get("type") == "CHART":
                assert node["meta"]["uuid"] in CHARTS_BY_UUID, f"{path}: unknown chart"
                assert isinstance(node["meta"].get("chartId"), int), f"{path}: meta.chartId"
        for native_filter in config["metadata"].get("native_filter_configuration", []):
            for target in native_filter["targets"]:
                dataset = DATASETS_BY_UUID[target["datasetUuid"]]
                assert target["column"]["name"] in _columns(dataset), native_filter["name"]


def test_every_chart_is_on_a_dashboard_and_position_trees_are_consistent():
    on_dashboards = set()
    for path, config in DASHBOARDS.items():
        position = config["position"]
        chart_ids = []
        for key, node in position.items():
            if not isinstance(node, dict):
                continue
            assert node.get("id", key) == key, f"{path}: {key}"
            for child in node.get("children", []):
                assert child in position, f"{path}: {key} -> missing {child}"
                assert key in position[child].get("parents", []), f"{path}: parents of {child}"
            if node.get("type") == "CHART":
                on_dashboards.add(node["meta"]["uuid"])
                chart_ids.append(node["meta"]["chartId"])
                assert node["parents"][:2] == ["ROOT_ID", "GRID_ID"], f"{path}: {key}"
        assert len(chart_ids) == len(set(chart_ids)), f"{path}: duplicate chartId"
        for row in position["GRID_ID"]["children"]:
            width = sum(position[child]["meta"]["width"] for child in position[row]["children"])
            assert width <= 12, f"{path}: {row} is {width} columns wide"
    assert on_dashboards == set(CHARTS_BY_UUID)


PUBLISH_TABLES = {node["name"] for node in mart_datasets.PUBLISHED_BY_PUBLISH_STEP}


def test_datasets_only_on_physical_marts_tables():
    publish_step = (REPO_ROOT / "orchestration" / "defs" / "serving" / "publish.py").read_text()
    for path, config in DATASETS.items():
        assert config["schema"] == "marts", path
        assert not config.get("sql"), f"{path}: virtual datasets bypass the marts contract"
        if config["table_name"] in PUBLISH_TABLES:
            assert f'"{config["table_name"]}"' in publish_step, (
                f"{path}: publish no longer writes it"
            )
            continue
        assert (MARTS_DIR / f"{config['table_name']}.sql").is_file(), (
            f"{path}: {config['table_name']} is not a dbt model in models/marts"
        )


def test_datasets_are_labelled_in_dutch_and_certified_by_dbt():
    for path, config in DATASETS.items():
        certifier = mart_datasets.PUBLISH_STEP if config["table_name"] in PUBLISH_TABLES else "dbt"
        assert config["extra"]["certification"]["certified_by"] == certifier, path
        assert config["extra"]["certification"]["details"], path
        for column in config["columns"]:
            assert column["verbose_name"], f"{path}: {column['column_name']} has no label"
        for metric in config["metrics"]:
            assert metric["verbose_name"], f"{path}: {metric['metric_name']} has no label"
            assert metric["extra"]["certification"]["certified_by"] == certifier, path


def test_common_metrics_exist_with_the_right_formats():
    for path, config in DATASETS.items():
        metrics = {metric["metric_name"]: metric for metric in config["metrics"]}
        columns = _columns(config)
        assert "count" in metrics, path
        for column in columns:
            if column.endswith("_persons") and f"{column}_label" != column:
                physical = next(c for c in config["columns"] if c["column_name"] == column)
                if not physical["expression"]:
                    assert f"sum_{column}" in metrics, f"{path}: sum of {column}"
        if "suppressed" in columns:
            assert metrics["suppressed_share"]["d3format"] == ".1%", path
    ebb = DATASETS["datasets/llo_radar_serving/rpt_course_participation_ebb_by_region.yaml"]
    metrics = {metric["metric_name"]: metric for metric in ebb["metrics"]}
    assert metrics["avg_estimate"]["d3format"] == ".1%"
    assert "population_persons" in metrics["weighted_estimate"]["expression"]


def test_suppressed_cells_are_displayed_as_onderdrukt_never_as_zero():
    for path, config in DATASETS.items():
        columns = {column["column_name"]: column for column in config["columns"]}
        if "estimate" in columns and "suppressed" in columns:
            for display in ("estimate_label", "publication_status"):
                expression = columns[display]["expression"]
                assert expression.startswith("CASE WHEN suppressed THEN 'onderdrukt'"), path
            if "ci_lower" in columns:
                assert "'onderdrukt'" in columns["interval_label"]["expression"], path


def test_charts_use_only_columns_and_metrics_of_their_dataset():
    for path, config in CHARTS.items():
        dataset = DATASETS_BY_UUID[config["dataset_uuid"]]
        columns = _columns(dataset)
        metrics = {metric["metric_name"] for metric in dataset["metrics"]}
        params = config["params"]
        used = list(params.get("all_columns") or []) + list(params.get("groupby") or [])
        used += list(params.get("groupbyRows") or []) + list(params.get("groupbyColumns") or [])
        for key in ("x_axis", "entity", "series"):
            if params.get(key):
                used.append(params[key])
        for column in used:
            assert column in columns, f"{path}: unknown column {column}"
        for key in ("metrics", "metric", "x", "y", "size"):
            for metric in params.get(key) or [] if key == "metrics" else [params.get(key)]:
                if isinstance(metric, str):
                    assert metric in metrics, f"{path}: unknown metric {metric}"
        for adhoc in params.get("adhoc_filters", []):
            if adhoc["expressionType"] == "SIMPLE":
                assert adhoc["subject"] in columns, f"{path}: filter on {adhoc['subject']}"
        context = json.loads(config["query_context"])
        assert context["form_data"]["viz_type"] == config["viz_type"]
        for query in context["queries"]:
            for column in query.get("columns", []):
                name = column if isinstance(column, str) else column.get("sqlExpression")
                assert name in columns, f"{path}: query column {name}"


def test_every_estimate_chart_shows_reliability():
    """Tables carry the reliability; bars and lines mark '(indicatief)' / '(onderdrukt)'."""
    for path, config in CHARTS.items():
        dataset = DATASETS_BY_UUID[config["dataset_uuid"]]
        if "reliability" not in _columns(dataset):
            continue
        params = config["params"]
        if config["viz_type"] == "table":
            shown = set(params["all_columns"])
            assert shown & {"publication_status"} or any(
                column.endswith("_label") for column in shown
            ), f"{path}: table without reliability"
        elif config["viz_type"].startswith("echarts_timeseries"):
            dimensions = [params["x_axis"], *params.get("groupby", [])]
            counts_cells = params["metrics"] in (["count"], ["suppressed_share"])
            assert counts_cells or any(
                dimension.endswith("_marked") or dimension == "publication_status"
                for dimension in dimensions
            ), f"{path}: no reliability marking"
        else:
            assert "onderdrukt" in (config["description"] or ""), f"{path}: say how"


# ---------------------------------------------------------------------------
# Dashboards
# ---------------------------------------------------------------------------


def test_the_seven_dashboards_and_the_ebb_dashboard_exist():
    titles = {Path(path).stem: config["dashboard_title"] for path, config in DASHBOARDS.items()}
    for slug, title in SEVEN_DASHBOARDS.items():
        assert titles.get(slug) == title
    assert titles["course_participation_by_region"] == "LLO-deelname per arbeidsmarktregio (EBB)"
    assert DASHBOARDS["dashboards/course_participation_by_region.yaml"]["uuid"] == (
        "cf38522f-27fb-49be-b10c-b527f8178cd2"
    )


def test_dashboard_settings_and_interpretation():
    for path, config in DASHBOARDS.items():
        assert config["metadata"]["color_scheme"] == "", f"{path}: scheme overrides chart colours"
        assert config["slug"] == Path(path).stem
        assert config["published"] is True
        text = _markdown(config)
        assert text, f"{path}: every dashboard carries its interpretation"
        for phrase in ("Wat ziet u?", "leest u", "synthetische data", "5.1"):
            assert phrase in text, f"{path}: {phrase}"
        assert "Bron" in text and ("periode" in text.lower()), f"{path}: source and period"
        for native_filter in config["metadata"].get("native_filter_configuration", []):
            assert "chartsInScope" not in native_filter, "ids are filled in by provisioning"


def test_region_filters_open_on_the_netherlands():
    for slug in ("regio_overzicht", "llo_markt", "groeiberoepen_en_overstapkansen"):
        filters = DASHBOARDS[f"dashboards/{slug}.yaml"]["metadata"]["native_filter_configuration"]
        region = next(f for f in filters if f["name"] == "Regio")
        assert region["defaultDataMask"]["filterState"]["value"] == ["Nederland"], slug
        assert region["defaultDataMask"]["extraFormData"]["filters"][0]["val"] == ["Nederland"]


def test_filter_scopes_name_charts_of_the_dashboard():
    for config in DASHBOARDS.values():
        chart_ids = {
            node["meta"]["chartId"]
            for node in config["position"].values()
            if isinstance(node, dict) and node.get("type") == "CHART"
        }
        for native_filter in config["metadata"].get("native_filter_configuration", []):
            assert set(native_filter["scope"]["excluded"]) <= chart_ids, native_filter["name"]


def test_policy_events_are_drawn_on_the_llo_time_axes():
    layered = [
        config["slice_name"]
        for config in CHARTS.values()
        if config["params"].get("llo_annotation_layers")
    ]
    assert len(layered) >= 3
    for config in CHARTS.values():
        for layer in config["params"].get("llo_annotation_layers", []):
            assert layer["annotationType"] == "EVENT" and layer["sourceType"] == "table"
            assert config["params"]["x_axis"].endswith("_date")


def test_the_netherlands_map_by_province():
    maps = [config for config in CHARTS.values() if config["viz_type"] == "country_map"]
    assert maps
    for config in maps:
        assert config["params"]["select_country"] == "netherlands"
        dataset = DATASETS_BY_UUID[config["dataset_uuid"]]
        assert config["params"]["entity"] == "province_code"
        assert "province_code" in _columns(dataset)


def test_everything_users_read_is_dutch():
    english = re.compile(r"\b(the|and|with|share of|number of|rate)\b", re.IGNORECASE)
    for path, config in CHARTS.items():
        for text in (config["slice_name"], config["description"]):
            assert not english.search(text or ""), f"{path}: {text}"
        headers = [
            column.get("customColumnName", "")
            for column in config["params"].get("column_config", {}).values()
        ]
        for text in [*headers, config["params"].get("y_axis_title", "")]:
            assert not english.search(text or ""), f"{path}: {text}"
    for path, config in DASHBOARDS.items():
        assert not english.search(_markdown(config)), path


def test_dataset_and_column_descriptions_are_dutch_from_the_dbt_docs(dbt_manifest):
    """Every published mart and every column carries a Dutch description in the dbt docs
    (meta.description_nl), and that text is what the Superset dataset shows."""
    english = re.compile(r"\b(the|and|with|which|when|rows)\b", re.IGNORECASE)
    for node in mart_datasets.mart_nodes(dbt_manifest):
        name = node["name"]
        assert (node.get("meta") or {}).get("description_nl"), f"{name}: no Dutch description"
        for column, spec in (node.get("columns") or {}).items():
            text = (spec.get("meta") or {}).get("description_nl")
            assert text, f"{name}.{column}: no meta.description_nl"
            assert not english.search(text), f"{name}.{column}: {text}"
    for path, config in DATASETS.items():
        assert not english.search(config["description"] or ""), path
        for column in config["columns"]:
            assert not english.search(column["description"] or ""), (
                f"{path}: {column['column_name']}: {column['description']}"
            )


def test_the_regions_as_points_at_their_centroids():
    (chart,) = [
        config
        for config in CHARTS.values()
        if config["slice_name"].startswith("Arbeidsmarktregio's op de kaart")
    ]
    assert chart["viz_type"] == "bubble_v2"
    dataset = DATASETS_BY_UUID[chart["dataset_uuid"]]
    assert {"centroid_lat", "centroid_lon"} <= _columns(dataset)
    expressions = {chart["params"]["x"]["sqlExpression"], chart["params"]["y"]["sqlExpression"]}
    assert expressions == {"AVG(centroid_lon)", "AVG(centroid_lat)"}


def test_render_checks_layout_errors():
    broken = dashboards.regio_overzicht()
    broken.rows[-1].append(broken.rows[-1][0])
    with pytest.raises(ValueError):
        charts.render([broken])


# ---------------------------------------------------------------------------
# Database, rendering, export
# ---------------------------------------------------------------------------


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
        assert config["uuid"] == mart_datasets.DATABASE_UUID


def test_render_fills_in_the_absolute_serving_path(tmp_path):
    serving = tmp_path / "serving" / "llo_radar.duckdb"
    rendered = bundle.render_bundle(tmp_path / "rendered", serving, ASSETS)
    database = yaml.safe_load((rendered / "databases" / "llo_radar_serving.yaml").read_text())
    assert database["sqlalchemy_uri"] == f"duckdb:///{serving}"
    archive = bundle.zip_bundle(rendered, tmp_path / "bundle.zip")
    with zipfile.ZipFile(archive) as handle:
        names = handle.namelist()
    assert f"{bundle.ZIP_ROOT}/metadata.yaml" in names
    assert len(names) == len(FILES)
    with pytest.raises(ValueError):
        bundle.serving_db_uri(Path("relative/llo_radar.duckdb"))


def test_folding_an_export_of_the_bundle_back_in_changes_nothing(tmp_path):
    """The export -> commit loop is stable; generated datasets are never folded back."""
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
    assert sorted(written) == sorted(
        path for path in FILES if path != "metadata.yaml" and not path.startswith("datasets/")
    )
    for path in FILES:
        assert (copy / path).read_text() == (ASSETS / path).read_text(), path
