"""The committed Superset asset bundle: load, render, zip, and fold an export back in.

This module needs only the standard library and PyYAML, so the pipeline venv (tests) and the
Superset venv (provisioning) can both use it.

The bundle in ``assets/`` is a Superset v1 export with fixed UUIDs and slug file names. The
one value that differs per machine is the path of the serving DuckDB file; the committed
database YAML holds the placeholder ``${LLO_SERVING_DB}`` and :func:`render_bundle` writes a
copy with the real absolute path.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = Path(__file__).resolve().parent / "assets"
SERVING_DB_PLACEHOLDER = "${LLO_SERVING_DB}"
DEFAULT_SERVING_DB = "data/serving/llo_radar.duckdb"
ZIP_ROOT = "llo_radar_assets"
ASSET_FOLDERS = ("databases", "datasets", "charts", "dashboards")


def resolve_serving_db(value: str | None = None) -> Path:
    """Absolute path of the serving DuckDB file (env ``LLO_SERVING_DB``; relative to the repo)."""
    raw = value or os.environ.get("LLO_SERVING_DB") or DEFAULT_SERVING_DB
    path = Path(raw).expanduser()
    return (path if path.is_absolute() else REPO_ROOT / path).resolve()


def iter_asset_files(assets_dir: Path = ASSETS_DIR) -> Iterable[Path]:
    """``metadata.yaml`` and every YAML below the asset folders, in a stable order."""
    yield assets_dir / "metadata.yaml"
    for folder in ASSET_FOLDERS:
        yield from sorted((assets_dir / folder).rglob("*.yaml"))


def load_bundle(assets_dir: Path = ASSETS_DIR) -> dict[str, dict[str, Any]]:
    """Parse every bundle file; keys are POSIX paths relative to ``assets_dir``."""
    return {
        path.relative_to(assets_dir).as_posix(): yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in iter_asset_files(assets_dir)
    }


def serving_db_uri(serving_db: Path) -> str:
    path = Path(serving_db)
    if not path.is_absolute():
        raise ValueError(f"serving DB path must be absolute: {path}")
    if re.search(r"[?#%\s]", str(path)):
        raise ValueError(f"serving DB path must not contain '?', '#', '%' or spaces: {path}")
    return f"duckdb:///{path}"


def render_text(relative_path: str, text: str, serving_db: Path) -> str:
    """Fill the serving path into a database YAML; other files pass through unchanged."""
    if relative_path.startswith("databases/"):
        return text.replace(f"duckdb:///{SERVING_DB_PLACEHOLDER}", serving_db_uri(serving_db))
    return text


def render_bundle(out_dir: Path, serving_db: Path, assets_dir: Path = ASSETS_DIR) -> Path:
    """Copy the bundle to ``out_dir`` with the serving path filled in; return ``out_dir``."""
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    for path in iter_asset_files(assets_dir):
        relative = path.relative_to(assets_dir).as_posix()
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        text = render_text(relative, path.read_text(encoding="utf-8"), serving_db)
        if SERVING_DB_PLACEHOLDER in str(yaml.safe_load(text)):
            raise ValueError(f"unrendered placeholder left in {relative}")
        target.write_text(text, encoding="utf-8")
    return out_dir


def zip_bundle(rendered_dir: Path, zip_path: Path) -> Path:
    """Zip a rendered bundle the way Superset exports it (one root folder)."""
    rendered_dir = Path(rendered_dir)
    zip_path = Path(zip_path)
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(rendered_dir.rglob("*.yaml")):
            archive.write(path, f"{ZIP_ROOT}/{path.relative_to(rendered_dir).as_posix()}")
    return zip_path


def build_zip(zip_path: Path, serving_db: Path, assets_dir: Path = ASSETS_DIR) -> Path:
    """Render the bundle next to ``zip_path`` and zip it."""
    zip_path = Path(zip_path)
    rendered = render_bundle(zip_path.with_suffix(""), serving_db, assets_dir)
    return zip_bundle(rendered, zip_path)


# ---------------------------------------------------------------------------
# Export -> commit: fold a Superset export back into the committed bundle
# ---------------------------------------------------------------------------


def slugify(text: str) -> str:
    table = str.maketrans("àáâäèéêëìíîïòóôöùúûüç", "aaaaeeeeiiiioooouuuuc")
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower().translate(table)).strip("_")
    return slug or "unnamed"


def _header_comments(path: Path) -> str:
    """The leading comment block of a committed file, kept across exports."""
    if not path.exists():
        return ""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""


def _normalise_chart(config: dict[str, Any]) -> None:
    """Drop ids that differ between Superset instances; the importer re-links by UUID."""
    import json

    params = config.get("params") or {}
    params.pop("slice_id", None)
    params["datasource"] = "1__table"
    params.pop("dashboards", None)
    if config.get("query_context"):
        context = json.loads(config["query_context"])
        context["datasource"] = {"id": 1, "type": "table"}
        form_data = context.get("form_data") or {}
        form_data.pop("slice_id", None)
        form_data.pop("dashboards", None)
        if "datasource" in form_data:
            form_data["datasource"] = "1__table"
        for query in context.get("queries", []):
            if "datasource" in query:
                query["datasource"] = context["datasource"]
        # Pretty-printed so a change in the query shows as a readable diff.
        config["query_context"] = json.dumps(context, sort_keys=True, ensure_ascii=False, indent=2)


def _normalise_dashboard(config: dict[str, Any]) -> None:
    position = config.get("position") or {}
    chart_nodes = sorted(
        (
            key
            for key, node in position.items()
            if isinstance(node, dict) and node.get("type") == "CHART"
        )
    )
    for number, key in enumerate(chart_nodes, start=1):
        position[key]["meta"]["chartId"] = number
    metadata = config.get("metadata") or {}
    for native_filter in metadata.get("native_filter_configuration", []):
        native_filter.pop("chartsInScope", None)
        native_filter.pop("tabsInScope", None)
    metadata.get("global_chart_configuration", {}).pop("chartsInScope", None)
    metadata.pop("positions", None)


def _normalise_database(config: dict[str, Any]) -> None:
    config["sqlalchemy_uri"] = f"duckdb:///{SERVING_DB_PLACEHOLDER}"


class _BundleDumper(yaml.SafeDumper):
    """Superset's export layout, but multi-line strings (Markdown, query context) as blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value:
        text = "\n".join(line.rstrip() for line in value.splitlines())
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_BundleDumper.add_representer(str, _represent_str)


def dump_yaml(config: dict[str, Any]) -> str:
    return yaml.dump(config, Dumper=_BundleDumper, sort_keys=False, allow_unicode=True, width=100)


def fold_export(
    exported: dict[str, str], assets_dir: Path = ASSETS_DIR, dashboard_folder: str | None = None
) -> list[str]:
    """Write the files of a Superset export into the committed bundle.

    ``exported`` maps export paths (root folder removed, e.g. ``charts/Foo_12.yaml``) to YAML
    text. Objects already in the bundle keep their file (matched by UUID); new ones get a
    slug file name. ``metadata.yaml`` is not touched, and neither are datasets: they are
    generated from the dbt manifest. Returns the written relative paths.
    """
    by_uuid = {
        str(config.get("uuid")): relative
        for relative, config in load_bundle(assets_dir).items()
        if config and "uuid" in config
    }
    written = []
    for export_path, text in sorted(exported.items()):
        folder = export_path.split("/", 1)[0]
        if folder not in ASSET_FOLDERS or folder == "datasets":
            # Generated from the dbt manifest (`python -m superset_config.bundle datasets`).
            continue
        config = yaml.safe_load(text)
        if folder == "charts":
            _normalise_chart(config)
        elif folder == "dashboards":
            _normalise_dashboard(config)
        elif folder == "databases":
            _normalise_database(config)
        relative = by_uuid.get(str(config["uuid"]))
        if relative is None:
            if folder == "charts":
                relative = (
                    f"charts/{dashboard_folder or 'unsorted'}/{slugify(config['slice_name'])}.yaml"
                )
            elif folder == "dashboards":
                relative = (
                    f"dashboards/{slugify(config.get('slug') or config['dashboard_title'])}.yaml"
                )
            else:
                relative = f"databases/{slugify(config['database_name'])}.yaml"
        target = assets_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        body = dump_yaml(config)
        target.write_text(_header_comments(target) + body, encoding="utf-8")
        written.append(relative)
    return written


def format_bundle(assets_dir: Path = ASSETS_DIR) -> list[str]:
    """Rewrite the committed files in the canonical export layout; return changed paths.

    Hand edits and exports then produce the same bytes, so a diff shows only real changes.
    """
    before = {
        relative: (assets_dir / relative).read_text(encoding="utf-8")
        for relative in load_bundle(assets_dir)
        if relative != "metadata.yaml" and not _generated_dataset(relative)
    }
    fold_export(before, assets_dir=assets_dir)
    return [
        relative
        for relative, text in before.items()
        if (assets_dir / relative).read_text(encoding="utf-8") != text
    ]


def _generated_dataset(relative: str) -> bool:
    return relative.startswith("datasets/")


GENERATED_HEADER = (
    "# Generated from dashboards.py by `python -m superset_config.bundle dashboards`; do not\n"
    "# edit: change the dashboard in superset_config/dashboards.py and regenerate.\n"
)


def generated_dashboard_files() -> dict[str, str]:
    """Relative path -> YAML text of every chart and dashboard defined in dashboards.py."""
    from . import charts, dashboards

    return {
        relative: GENERATED_HEADER + dump_yaml(config)
        for relative, config in charts.render(dashboards.all_dashboards()).items()
    }


def write_dashboards(assets_dir: Path = ASSETS_DIR) -> tuple[list[str], list[str]]:
    """Write the generated charts and dashboards; remove chart files no dashboard defines."""
    files = generated_dashboard_files()
    written = []
    for relative, text in files.items():
        target = assets_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written.append(relative)
    removed = []
    generated_folders = {
        relative.split("/")[1] for relative in files if relative.startswith("charts/")
    }
    for folder in generated_folders:
        for path in sorted((assets_dir / "charts" / folder).glob("*.yaml")):
            relative = path.relative_to(assets_dir).as_posix()
            if relative not in files:
                path.unlink()
                removed.append(relative)
    return written, removed


def main(argv: list[str] | None = None) -> int:
    import argparse
    import tempfile

    from . import mart_datasets

    parser = argparse.ArgumentParser(
        description="Maintain the committed Superset bundle in superset_config/assets/."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("format", help="rewrite assets/ in the canonical export layout")
    commands.add_parser(
        "dashboards", help="regenerate charts and dashboards from superset_config/dashboards.py"
    )
    datasets = commands.add_parser(
        "datasets", help="regenerate one dataset per mart from the dbt manifest"
    )
    datasets.add_argument(
        "--manifest",
        help="dbt manifest.json to read (default: run `dbt parse` into a temporary directory)",
    )
    args = parser.parse_args(argv)

    if args.command == "format":
        for changed in format_bundle():
            print(f"formatted {changed}")
        return 0
    if args.command == "dashboards":
        written, removed = write_dashboards()
        for relative in written:
            print(f"wrote {relative}")
        for relative in removed:
            print(f"removed {relative}")
        return 0
    with tempfile.TemporaryDirectory(prefix="llo_dbt_parse_") as tmp:
        path = (
            Path(args.manifest)
            if args.manifest
            else mart_datasets.parse_manifest(REPO_ROOT, Path(tmp))
        )
        manifest = mart_datasets.load_manifest(path)
    written, removed = mart_datasets.write(manifest, ASSETS_DIR, dump_yaml)
    for relative in written:
        print(f"wrote {relative}")
    for relative in removed:
        print(f"removed {relative} (no such mart any more)")
    print(f"{len(mart_datasets.table_names(manifest))} marts, {len(written)} files changed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
