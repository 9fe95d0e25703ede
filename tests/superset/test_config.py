"""superset_config.py reads everything from the environment and refuses unsafe secrets.

One subprocess in the Superset venv evaluates the config file under several environments
(importing Superset's defaults once costs a few seconds); it runs in the background from the
end of collection on.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.conftest import SESSION_ROOT, background_command

REPO_ROOT = Path(__file__).resolve().parents[2]
SUPERSET_PYTHON = REPO_ROOT / ".venv-superset" / "bin" / "python"
CONFIG = REPO_ROOT / "superset_config" / "superset_config.py"

RUNNER = textwrap.dedent(
    """
    import json, os, runpy, sys
    import superset.config  # Superset's defaults, which the file extends

    config_path, scenarios = sys.argv[1], json.loads(sys.argv[2])
    base = {k: v for k, v in os.environ.items()}
    results = {}
    for name, env in scenarios.items():
        os.environ.clear()
        os.environ.update(base)
        os.environ.update(env)
        try:
            module = runpy.run_path(config_path)
        except Exception as exc:
            results[name] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        results[name] = {
            "secret_key": module["SECRET_KEY"],
            "metadata_uri": module["SQLALCHEMY_DATABASE_URI"],
            "languages": sorted(module["LANGUAGES"]),
            "locale": module["BABEL_DEFAULT_LOCALE"],
            "cache": module["CACHE_CONFIG"]["CACHE_TYPE"],
            "celery_broker": getattr(module.get("CELERY_CONFIG"), "broker_url", None),
            "csp_img": module["TALISMAN_CONFIG"]["content_security_policy"]["img-src"],
            "csp_connect": module["TALISMAN_CONFIG"]["content_security_policy"]["connect-src"],
            "duckdb_blocked": sorted(module["DISALLOWED_SQL_FUNCTIONS"]["duckdb"]),
            "postgres_blocked": "pg_read_file" in module["DISALLOWED_SQL_FUNCTIONS"]["postgresql"],
            "scarf": module["SCARF_ANALYTICS"],
        }
    print("RESULTS " + json.dumps(results))
    """
)

GOOD_KEY = "k" * 12 + "9f2c7e1b0a4d6e8f3c5b7a9d1e3f5a7c"


HOME = SESSION_ROOT / "superset_config_home"
SECRET_FILE = HOME / "secret.txt"
PASSWORD_FILE = HOME / "pg_password.txt"
CLEAN = {
    "SUPERSET_SECRET_KEY": "",
    "LLO_RADAR_MODE": "",
    "REDIS_HOST": "",
    "SUPERSET_METADATA_DB_URI": "",
    "SUPERSET_METADATA_DB_HOST": "",
    "SUPERSET_SECRET_KEY_FILE": "",
}
SCENARIOS = {
    "missing_key": {},
    "default_key": {"SUPERSET_SECRET_KEY": "CHANGE_ME_TO_A_COMPLEX_RANDOM_SECRET"},
    "placeholder_key": {"SUPERSET_SECRET_KEY": "<generated>"},
    "short_key": {"SUPERSET_SECRET_KEY": "abc123"},
    "good_key": {"SUPERSET_SECRET_KEY": GOOD_KEY},
    "demo_missing_key": {"LLO_RADAR_MODE": "demo"},
    "demo_again": {"LLO_RADAR_MODE": "demo", "SUPERSET_SECRET_KEY": "CHANGE_ME"},
    "key_file_and_production_stack": {
        "SUPERSET_SECRET_KEY_FILE": str(SECRET_FILE),
        "LLO_RADAR_MODE": "production",
        "REDIS_HOST": "redis",
        "SUPERSET_METADATA_DB_HOST": "postgres",
        "SUPERSET_METADATA_DB_USER": "llo_radar",
        "SUPERSET_METADATA_DB_NAME": "superset",
        "SUPERSET_METADATA_DB_PASSWORD_FILE": str(PASSWORD_FILE),
    },
    "explicit_uri": {
        "SUPERSET_SECRET_KEY": GOOD_KEY,
        "SUPERSET_METADATA_DB_URI": "sqlite:////tmp/elsewhere.db",
    },
}


def _write_secret_files() -> None:
    HOME.mkdir(parents=True, exist_ok=True)
    SECRET_FILE.write_text(GOOD_KEY + "\n")
    PASSWORD_FILE.write_text("p@ss/word\n")


# The evaluation needs nothing from other tests: it starts when collection ends
# (tests/conftest.py, background_command) and the fixture waits for it.
config_evaluation = background_command(
    "config_evaluation",
    [
        str(SUPERSET_PYTHON),
        "-c",
        RUNNER,
        str(CONFIG),
        json.dumps({name: {**CLEAN, **env} for name, env in SCENARIOS.items()}),
    ],
    cwd=HOME,
    env={
        "PATH": "/usr/bin:/bin",
        "HOME": str(HOME),
        "SUPERSET_HOME": str(HOME),
        "SCARF_ANALYTICS": "false",
    },
    timeout=180,
    prepare=_write_secret_files,
    replace_env=True,
)


@pytest.fixture(scope="module")
def results(config_evaluation):
    lines = [line for line in config_evaluation.output.splitlines() if line.startswith("RESULTS ")]
    assert lines, config_evaluation.output[-3000:]
    return {"home": HOME, **json.loads(lines[-1].removeprefix("RESULTS "))}


@pytest.mark.parametrize("scenario", ["missing_key", "default_key", "placeholder_key", "short_key"])
def test_unsafe_secret_key_is_refused_outside_demo_mode(results, scenario):
    assert "SUPERSET_SECRET_KEY" in results[scenario].get("error", ""), results[scenario]


def test_a_random_key_is_accepted(results):
    assert results["good_key"]["secret_key"] == GOOD_KEY


def test_demo_mode_generates_one_persistent_key(results):
    generated = results["demo_missing_key"]["secret_key"]
    assert len(generated) >= 32
    assert results["demo_again"]["secret_key"] == generated
    key_file = results["home"] / "secret_key"
    assert key_file.read_text().strip() == generated
    assert key_file.stat().st_mode & 0o077 == 0, "the generated key must be private"


def test_embedded_default_sqlite_metadata_and_local_cache(results):
    good = results["good_key"]
    assert (
        good["metadata_uri"] == f"sqlite:///{results['home']}/superset.db?check_same_thread=false"
    )
    assert good["cache"] == "SimpleCache"
    assert results["explicit_uri"]["metadata_uri"] == "sqlite:////tmp/elsewhere.db"


def test_production_stack_from_secret_files_postgres_and_redis(results):
    prod = results["key_file_and_production_stack"]
    assert prod["secret_key"] == GOOD_KEY
    assert prod["metadata_uri"] == (
        "postgresql+psycopg2://llo_radar:p%40ss%2Fword@postgres:5432/superset"
    )
    assert prod["cache"] == "RedisCache"
    assert prod["celery_broker"] == "redis://redis:6379/0"


def test_dutch_ui_strict_csp_and_no_telemetry(results):
    good = results["good_key"]
    assert good["languages"] == ["en", "nl"] and good["locale"] == "nl"
    assert good["csp_img"] == ["'self'", "blob:", "data:"]
    assert good["csp_connect"] == ["'self'"]
    assert good["scarf"] is False


def test_duckdb_file_functions_blocked_in_sql_lab_without_losing_defaults(results):
    good = results["good_key"]
    assert {"read_csv", "read_text", "read_parquet", "glob"} <= set(good["duckdb_blocked"])
    assert good["postgres_blocked"]
