"""Provision Superset for LLO-Radar in one process, and fold dashboard edits back into git.

Run with the Superset venv:

    .venv-superset/bin/python -m superset_config.provision            # provision
    .venv-superset/bin/python -m superset_config.provision export     # export -> assets/

(from the repository root, or with the repository root on ``PYTHONPATH``).

``provision`` does what ``superset db upgrade``, ``superset init``,
``superset fab create-admin`` and ``superset import-dashboards`` do, inside one app context:
each separate CLI call costs 20-35 s of imports on a small machine. It is idempotent: the
bundle has fixed UUIDs and is imported with overwrite, so a second run updates the same
database, dataset, charts and dashboard instead of adding copies.

Besides the import, provisioning adopts a dataset created earlier for the same mart under
another UUID (so the import updates it instead of failing on the unique table name), links
what the importer cannot (native filter scopes, annotation layers from the policy-events
chart), fills in the column types from the serving database, and creates the analyst role
``LLO-analist`` (view every dashboard, explore and chart the LLO-Radar datasets, SQL Lab
read-only; no admin, no DML) and leaves the Public role without permissions.

``export`` writes the dashboards of the bundle, as currently stored in Superset, back into
``superset_config/assets/`` (same file names, serving path replaced by the placeholder).
The bundle's own dashboards are generated from ``dashboards.py``; an export is the way to
carry a change made in the UI over into that file.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import bundle

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent


class _Reporter:
    """Progress lines on stderr. Not ``logging``: Alembic's ``fileConfig`` in ``db upgrade``
    disables loggers that exist before it runs."""

    @staticmethod
    def _emit(level: str, message: str, *args: object) -> None:
        text = message % args if args else message
        print(f"{time.strftime('%H:%M:%S')} provision {level}: {text}", file=sys.stderr, flush=True)

    def info(self, message: str, *args: object) -> None:
        self._emit("INFO", message, *args)

    def warning(self, message: str, *args: object) -> None:
        self._emit("WARNING", message, *args)

    def error(self, message: str, *args: object) -> None:
        self._emit("ERROR", message, *args)


log = _Reporter()


def _repo_path(value: str) -> Path:
    path = Path(value).expanduser()
    return (path if path.is_absolute() else REPO_ROOT / path).resolve()


def load_env_file(path: Path) -> None:
    """Set variables from a ``KEY=value`` file without overriding the environment."""
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        os.environ.setdefault(key, value)


def superset_environment() -> dict[str, str]:
    """The environment every Superset process of this project needs (set if missing)."""
    home = _repo_path(os.environ.get("SUPERSET_HOME") or "data/superset")
    defaults = {
        "SUPERSET_CONFIG_PATH": str(HERE / "superset_config.py"),
        "FLASK_APP": "superset.app:create_app()",
        "SUPERSET_HOME": str(home),
        "SCARF_ANALYTICS": "false",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
    os.environ["SUPERSET_HOME"] = str(_repo_path(os.environ["SUPERSET_HOME"]))
    Path(os.environ["SUPERSET_HOME"]).mkdir(parents=True, exist_ok=True)
    return {key: os.environ[key] for key in defaults}


@contextmanager
def step(name: str) -> Iterator[None]:
    started = time.monotonic()
    log.info("%s ...", name)
    yield
    log.info("%s done in %.1f s", name, time.monotonic() - started)


@contextmanager
def superset_app():
    with step("load Superset"):
        from superset.app import create_app

        app = create_app()
    with app.app_context():
        yield app


def upgrade_metadata_db() -> None:
    """``superset db upgrade``: run the Alembic migrations of the metadata database."""
    from flask_migrate import upgrade

    upgrade()


def init_roles_and_permissions() -> None:
    """``superset init``: create the built-in roles and sync their permissions."""
    from superset import appbuilder, security_manager
    from superset.extensions import db

    appbuilder.add_permissions(update_perms=True)
    security_manager.sync_role_definitions()
    db.session.commit()


def ensure_admin() -> str:
    """``superset fab create-admin`` from the environment; an existing user is left alone."""
    from superset import security_manager
    from superset.extensions import db

    username = os.environ.get("SUPERSET_ADMIN_USERNAME") or "admin"
    if security_manager.find_user(username=username):
        log.info("admin user %r exists; left unchanged", username)
        return username
    password = os.environ.get("SUPERSET_ADMIN_PASSWORD")
    if not password and os.environ.get("SUPERSET_ADMIN_PASSWORD_FILE"):
        password = Path(os.environ["SUPERSET_ADMIN_PASSWORD_FILE"]).read_text().strip()
    if not password:
        raise SystemExit(
            "SUPERSET_ADMIN_PASSWORD is not set; it is needed to create the admin user "
            f"{username!r} (put it in .env)."
        )
    role = security_manager.find_role(security_manager.auth_role_admin)
    user = security_manager.add_user(
        username=username,
        first_name=os.environ.get("SUPERSET_ADMIN_FIRSTNAME") or "LLO-Radar",
        last_name=os.environ.get("SUPERSET_ADMIN_LASTNAME") or "Beheer",
        email=os.environ.get("SUPERSET_ADMIN_EMAIL") or f"{username}@localhost",
        role=role,
        password=password,
    )
    if not user:
        raise SystemExit(f"could not create admin user {username!r}")
    db.session.commit()
    log.info("created admin user %r", username)
    return username


ANALYST_ROLE = "LLO-analist"


def adopt_existing_datasets() -> list[str]:
    """Give a dataset on a bundle mart that has another UUID the bundle's UUID.

    Datasets are generated with uuid5 of the table name. A dataset made earlier for the same
    table (by hand, or by an older bundle) would make the import fail on the unique
    (database, schema, table) constraint; taking over its UUID lets the import update it in
    place, and its charts stay linked.
    """
    from superset.connectors.sqla.models import SqlaTable
    from superset.extensions import db
    from superset.models.core import Database

    adopted = []
    databases = {
        str(config["uuid"]): config
        for relative, config in bundle.load_bundle().items()
        if relative.startswith("databases/")
    }
    for relative, config in bundle.load_bundle().items():
        if not relative.startswith("datasets/"):
            continue
        database = (
            db.session.query(Database).filter(Database.uuid == config["database_uuid"]).first()
        )
        if database is None or str(config["database_uuid"]) not in databases:
            continue
        existing = (
            db.session.query(SqlaTable)
            .filter_by(
                database_id=database.id, schema=config["schema"], table_name=config["table_name"]
            )
            .first()
        )
        if existing is not None and str(existing.uuid) != str(config["uuid"]):
            existing.uuid = config["uuid"]
            adopted.append(config["table_name"])
    db.session.commit()
    return adopted


def import_bundle_zip(zip_path: Path, username: str) -> None:
    """Import with overwrite, like ``POST /api/v1/assets/import/`` (same command class)."""
    from superset import security_manager
    from superset.commands.importers.v1.assets import ImportAssetsCommand
    from superset.commands.importers.v1.utils import get_contents_from_bundle
    from superset.utils.core import override_user

    with zipfile.ZipFile(zip_path) as archive:
        contents = get_contents_from_bundle(archive)
    user = security_manager.find_user(username=username)
    with override_user(user):
        ImportAssetsCommand(contents, passwords={}).run()


def charts_in_scope(position: dict, scope: dict) -> list[int]:
    """Chart ids a filter scope covers: charts under ``rootPath`` minus ``excluded``."""
    root_path = set(scope.get("rootPath") or ["ROOT_ID"])
    excluded = set(scope.get("excluded") or [])
    chart_ids = []
    for node in position.values():
        if not isinstance(node, dict) or node.get("type") != "CHART":
            continue
        chart_id = node.get("meta", {}).get("chartId")
        parents = set(node.get("parents") or [])
        if chart_id is None or chart_id in excluded:
            continue
        if "ROOT_ID" in root_path or root_path & parents:
            chart_ids.append(chart_id)
    return sorted(chart_ids)


def link_filter_scopes() -> None:
    """Fill ``chartsInScope`` of native filters with this instance's chart ids.

    The frontend applies a native filter only to the charts listed in ``chartsInScope``,
    but the importer does not remap those ids (it does remap ``position`` and
    ``scope.excluded``). The committed bundle therefore leaves them out and they are
    computed here from the imported position tree.
    """
    from superset.extensions import db
    from superset.models.dashboard import Dashboard
    from superset.utils import json

    for relative, config in bundle.load_bundle().items():
        if not relative.startswith("dashboards/"):
            continue
        dashboard = db.session.query(Dashboard).filter_by(uuid=config["uuid"]).one()
        position = json.loads(dashboard.position_json or "{}")
        metadata = json.loads(dashboard.json_metadata or "{}")
        for native_filter in metadata.get("native_filter_configuration", []):
            native_filter["chartsInScope"] = charts_in_scope(
                position, native_filter.get("scope", {})
            )
        global_config = metadata.get("global_chart_configuration")
        if global_config:
            global_config["chartsInScope"] = charts_in_scope(
                position, global_config.get("scope", {})
            )
        dashboard.json_metadata = json.dumps(metadata)
    db.session.commit()


def link_annotation_layers() -> int:
    """Turn the bundle's ``llo_annotation_layers`` into ``annotation_layers`` with chart ids.

    An annotation layer drawn from a chart (the policy events on a time axis) refers to that
    chart by its id on this instance, and the importer keeps only formula layers. The bundle
    names the source chart by UUID; this resolves it after every import.
    """
    from superset.extensions import db
    from superset.models.slice import Slice
    from superset.utils import json

    linked = 0
    for relative, config in bundle.load_bundle().items():
        layers = (
            (config.get("params") or {}).get("llo_annotation_layers")
            if relative.startswith("charts/")
            else None
        )
        if not layers:
            continue
        chart = db.session.query(Slice).filter_by(uuid=config["uuid"]).one()
        resolved = []
        for layer in layers:
            source = db.session.query(Slice).filter_by(uuid=layer["source_chart_uuid"]).one()
            resolved.append(
                {key: value for key, value in layer.items() if key != "source_chart_uuid"}
                | {"value": source.id}
            )
        params = json.loads(chart.params or "{}")
        params["annotation_layers"] = resolved
        chart.params = json.dumps(params)
        if chart.query_context:
            context = json.loads(chart.query_context)
            context.setdefault("form_data", {})["annotation_layers"] = resolved
            for query in context.get("queries", []):
                query["annotation_layers"] = resolved
            chart.query_context = json.dumps(context)
        linked += 1
    db.session.commit()
    return linked


def sync_column_types() -> int:
    """Fill in the physical column types from the serving database.

    The generated datasets leave ``type`` empty (the dbt manifest has no types); Explore shows
    the type of a column and uses it for filters. Missing tables are left alone (the serving
    database may not be published yet).
    """
    from superset.connectors.sqla.models import SqlaTable
    from superset.extensions import db

    updated = 0
    for relative, config in bundle.load_bundle().items():
        if not relative.startswith("datasets/"):
            continue
        dataset = db.session.query(SqlaTable).filter_by(uuid=config["uuid"]).one()
        try:
            metadata = dataset.external_metadata()
        except Exception as error:
            log.warning("column types of %s not synced: %s", dataset.table_name, error)
            continue
        types = {column["column_name"]: str(column["type"]) for column in metadata}
        for column in dataset.columns:
            known = types.get(column.column_name)
            if not column.expression and known and column.type != known:
                column.type = known
                updated += 1
    db.session.commit()
    return updated


def ensure_roles(database_uuid: str) -> dict[str, int]:
    """The analyst role (idempotent: its permissions are set, not added) and an empty Public.

    ``LLO-analist`` gets what Superset's Gamma role has (view dashboards and charts, explore,
    save own charts and dashboards, CSV/XLSX export, permalinks) plus SQL Lab, and
    ``database_access`` on the LLO-Radar database only. The connection itself allows no DML,
    CTAS or upload, and is read-only, so SQL Lab can only read the marts. Admin views,
    roles, users and database settings stay with Admin.
    """
    from superset import security_manager
    from superset.extensions import db
    from superset.models.core import Database

    database = db.session.query(Database).filter(Database.uuid == database_uuid).one()
    access = security_manager.add_permission_view_menu("database_access", database.perm)
    permissions = [
        pvm
        for pvm in security_manager._get_all_pvms()
        if security_manager._is_gamma_pvm(pvm) or security_manager._is_sql_lab_pvm(pvm)
    ]
    role = security_manager.add_role(ANALYST_ROLE)
    role.permissions = [*permissions, access]
    public = security_manager.find_role(security_manager.auth_role_public)
    if public is not None:
        public.permissions = []
    db.session.commit()
    return {ANALYST_ROLE: len(role.permissions), "Public": 0}


def ensure_analyst_user() -> str | None:
    """An analyst login from the environment (``SUPERSET_ANALYST_USERNAME`` / ``_PASSWORD``).

    Optional: without both variables no user is made. An existing user is left alone.
    """
    from superset import security_manager
    from superset.extensions import db

    username = os.environ.get("SUPERSET_ANALYST_USERNAME")
    password = os.environ.get("SUPERSET_ANALYST_PASSWORD")
    if not password and os.environ.get("SUPERSET_ANALYST_PASSWORD_FILE"):
        password = Path(os.environ["SUPERSET_ANALYST_PASSWORD_FILE"]).read_text().strip()
    if not username or not password:
        return None
    if security_manager.find_user(username=username):
        return username
    user = security_manager.add_user(
        username=username,
        first_name="LLO-Radar",
        last_name="Analist",
        email=os.environ.get("SUPERSET_ANALYST_EMAIL") or f"{username}@localhost",
        role=security_manager.find_role(ANALYST_ROLE),
        password=password,
    )
    if not user:
        raise SystemExit(f"could not create analyst user {username!r}")
    db.session.commit()
    log.info("created analyst user %r", username)
    return username


def remove_retired_objects() -> list[str]:
    """Delete charts and dashboards of an earlier bundle that this bundle no longer has.

    Only objects certified by ``charts.CERTIFIER`` (made by the bundle) are touched; charts
    and dashboards that users made themselves are never removed.
    """
    from superset.extensions import db
    from superset.models.dashboard import Dashboard
    from superset.models.slice import Slice

    from . import charts

    current = {
        str(config["uuid"])
        for relative, config in bundle.load_bundle().items()
        if relative.startswith(("charts/", "dashboards/"))
    }
    removed = []
    for model, name in ((Dashboard, "dashboard_title"), (Slice, "slice_name")):
        for item in db.session.query(model).filter(model.certified_by == charts.CERTIFIER):
            if str(item.uuid) not in current:
                removed.append(getattr(item, name))
                db.session.delete(item)
    db.session.commit()
    return removed


def summarise_bundle_objects() -> dict[str, int]:
    """How many objects with the bundle's UUIDs exist (each should be exactly 1)."""
    from superset.connectors.sqla.models import SqlaTable
    from superset.extensions import db
    from superset.models.core import Database
    from superset.models.dashboard import Dashboard
    from superset.models.slice import Slice

    models = {
        "databases": Database,
        "datasets": SqlaTable,
        "charts": Slice,
        "dashboards": Dashboard,
    }
    counts = {}
    for relative, config in bundle.load_bundle().items():
        folder = relative.split("/", 1)[0]
        if folder in models:
            model = models[folder]
            counts[relative] = db.session.query(model).filter(model.uuid == config["uuid"]).count()
    return counts


def provision(args: argparse.Namespace) -> int:
    serving_db = bundle.resolve_serving_db(args.serving_db)
    if not serving_db.exists():
        log.warning(
            "serving database %s does not exist yet; dashboards stay empty until the "
            "pipeline publishes it",
            serving_db,
        )
    with tempfile.TemporaryDirectory(prefix="llo_superset_bundle_") as tmp:
        zip_path = Path(args.keep_zip) if args.keep_zip else Path(tmp) / "llo_radar_assets.zip"
        bundle.build_zip(zip_path, serving_db)
        log.info("rendered bundle for %s -> %s", serving_db, zip_path)
        with superset_app():
            with step("db upgrade"):
                upgrade_metadata_db()
            with step("init"):
                init_roles_and_permissions()
            with step("admin user"):
                username = ensure_admin()
            with step("import bundle"):
                adopted = adopt_existing_datasets()
                if adopted:
                    log.info("adopted existing datasets: %s", ", ".join(adopted))
                import_bundle_zip(zip_path, username)
                retired = remove_retired_objects()
                if retired:
                    log.info("removed charts and dashboards no longer in the bundle: %s", retired)
                link_filter_scopes()
                log.info("annotation layers linked on %d charts", link_annotation_layers())
            with step("column types"):
                log.info("column types updated: %d", sync_column_types())
            with step("roles"):
                database_uuid = next(
                    config["uuid"]
                    for relative, config in bundle.load_bundle().items()
                    if relative.startswith("databases/")
                )
                log.info("roles: %s", ensure_roles(database_uuid))
                ensure_analyst_user()
            counts = summarise_bundle_objects()
    duplicates = {path: count for path, count in counts.items() if count != 1}
    for path, count in sorted(counts.items()):
        log.info("%-75s %d", path, count)
    if duplicates:
        log.error("bundle objects not present exactly once: %s", duplicates)
        return 1
    return 0


def export(args: argparse.Namespace) -> int:
    committed = [
        (relative, config)
        for relative, config in bundle.load_bundle().items()
        if relative.startswith("dashboards/")
    ]
    with superset_app():
        from superset import security_manager
        from superset.commands.dashboard.export import ExportDashboardsCommand
        from superset.extensions import db
        from superset.models.dashboard import Dashboard
        from superset.utils.core import override_user

        user = security_manager.find_user(
            username=os.environ.get("SUPERSET_ADMIN_USERNAME") or "admin"
        )
        written: list[str] = []
        with override_user(user):
            for relative, config in committed:
                if args.dashboard and config.get("slug") != args.dashboard:
                    continue
                dashboard = db.session.query(Dashboard).filter_by(uuid=config["uuid"]).one()
                files = {
                    name: content()
                    for name, content in ExportDashboardsCommand([dashboard.id]).run()
                }
                folder = Path(relative).stem
                written += bundle.fold_export(files, dashboard_folder=folder)
    for relative in written:
        print(relative)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="provision", choices=["provision", "export"])
    parser.add_argument(
        "--env-file", help="read KEY=value lines (does not override the environment)"
    )
    parser.add_argument("--serving-db", help="serving DuckDB file (default: $LLO_SERVING_DB)")
    parser.add_argument("--keep-zip", help="also write the rendered bundle zip to this path")
    parser.add_argument("--dashboard", help="export: only the dashboard with this slug")
    args = parser.parse_args(argv)

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.env_file:
        load_env_file(Path(args.env_file))
    superset_environment()
    started = time.monotonic()
    code = provision(args) if args.command == "provision" else export(args)
    log.info("%s finished in %.1f s (exit %d)", args.command, time.monotonic() - started, code)
    return code


if __name__ == "__main__":
    sys.exit(main())
