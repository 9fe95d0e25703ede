"""Superset configuration for LLO-Radar.

Superset loads this file through ``SUPERSET_CONFIG_PATH``. Every setting comes from the
environment (``.env`` in the repository root, see ``.env.example``); nothing secret is
committed. Two deployment shapes share this one file:

* **Embedded default** (no ``REDIS_HOST``): SQLite metadata under ``$SUPERSET_HOME``,
  in-process caches, no Celery. Runs offline on one machine.
* **Production stack** (``REDIS_HOST`` set, ``SUPERSET_METADATA_DB_URI`` pointing at
  PostgreSQL): Redis caches, results backend and Celery broker.

Security choices, and why:

* ``SECRET_KEY`` signs sessions and encrypts stored database credentials, so a known value
  would let anyone forge a login. Outside demo mode Superset refuses to start without a
  real one.
* The content security policy allows only this server (``'self'``). It blocks the
  telemetry pixel that the 6.1 frontend loads from an external host, and any other
  phone-home from the browser.
* The analytics connection to DuckDB is read-only with external access disabled; that is
  configured on the database object in ``assets/databases/llo_radar_serving.yaml``.
  ``DISALLOWED_SQL_FUNCTIONS`` adds a second, independent guard in SQL Lab against
  DuckDB's file-reading table functions.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str | None = None) -> str | None:
    """Return an environment variable, treating an empty string as unset."""
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _secret(name: str) -> str | None:
    """``NAME`` from the environment, or the contents of the file named by ``NAME_FILE``.

    The production stack passes secrets as Docker secret files (``*_FILE``); the embedded
    default passes them as plain variables from ``.env``.
    """
    value = _env(name)
    if value is None and (path := _env(f"{name}_FILE")):
        value = Path(path).read_text(encoding="utf-8").strip() or None
    return value


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _repo_path(value: str) -> Path:
    """Relative paths are taken relative to the repository root, like the pipeline does."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else REPO_ROOT / path


SUPERSET_HOME = _repo_path(_env("SUPERSET_HOME", "data/superset"))
SUPERSET_HOME.mkdir(parents=True, exist_ok=True)
DATA_DIR = str(SUPERSET_HOME)

DEMO_MODE = (_env("LLO_RADAR_MODE", "") or "").strip().lower() == "demo"

# ---------------------------------------------------------------------------
# Secret key
# ---------------------------------------------------------------------------
# Values that ship in Superset's docs, docker files or our own .env.example.
_KNOWN_DEFAULT_KEYS = {
    "CHANGE_ME_TO_A_COMPLEX_RANDOM_SECRET",
    "thisISaSECRET_1234",
    "TEST_NON_DEV_SECRET",
    "superset",
    "secret",
    "changeme",
}
_MIN_SECRET_KEY_LENGTH = 16


def _is_insecure_key(key: str | None) -> bool:
    if not key:
        return True
    return (
        key in _KNOWN_DEFAULT_KEYS
        or key.upper().startswith("CHANGE_ME")
        or key.upper().startswith("CHANGEME")
        or len(key) < _MIN_SECRET_KEY_LENGTH
    )


def _demo_secret_key() -> str:
    """A random key kept in SUPERSET_HOME, so demo sessions survive a restart."""
    key_file = SUPERSET_HOME / "secret_key"
    key = secrets.token_urlsafe(48)
    try:
        # Exclusive create: gunicorn workers that start together must all end up with one key.
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            existing = key_file.read_text(encoding="utf-8").strip()
            if existing:
                return existing
            time.sleep(0.1)
        raise RuntimeError(f"{key_file} exists but is empty") from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


_secret_key = _secret("SUPERSET_SECRET_KEY")
if _is_insecure_key(_secret_key):
    if not DEMO_MODE:
        raise RuntimeError(
            "SUPERSET_SECRET_KEY is missing, too short or a published default. Put a random "
            "value in .env (e.g. `openssl rand -base64 42`), or set LLO_RADAR_MODE=demo to "
            "let a local demo generate one."
        )
    logger.warning(
        "SUPERSET_SECRET_KEY missing or insecure; demo mode uses a generated key in %s",
        SUPERSET_HOME,
    )
    _secret_key = _demo_secret_key()
SECRET_KEY = _secret_key


def _derived_secret(purpose: str) -> str:
    """Per-purpose secret derived from SECRET_KEY, so no other default secret is left."""
    return hashlib.sha256(f"{purpose}:{SECRET_KEY}".encode()).hexdigest()


GUEST_TOKEN_JWT_SECRET = _derived_secret("guest-token")
GLOBAL_ASYNC_QUERIES_JWT_SECRET = _derived_secret("async-queries")


# ---------------------------------------------------------------------------
# Metadata database
# ---------------------------------------------------------------------------
def _metadata_db_uri() -> str:
    """Full URI, or PostgreSQL from its parts (production stack), or SQLite in SUPERSET_HOME."""
    uri = _secret("SUPERSET_METADATA_DB_URI")
    if uri:
        return uri
    host = _env("SUPERSET_METADATA_DB_HOST")
    if host:
        from urllib.parse import quote

        user = quote(_env("SUPERSET_METADATA_DB_USER", "superset") or "", safe="")
        password = quote(_secret("SUPERSET_METADATA_DB_PASSWORD") or "", safe="")
        port = _env("SUPERSET_METADATA_DB_PORT", "5432")
        name = _env("SUPERSET_METADATA_DB_NAME", "superset")
        auth = f"{user}:{password}@" if password else f"{user}@"
        return f"postgresql+psycopg2://{auth}{host}:{port}/{name}"
    return f"sqlite:///{SUPERSET_HOME / 'superset.db'}?check_same_thread=false"


SQLALCHEMY_DATABASE_URI = _metadata_db_uri()

# ---------------------------------------------------------------------------
# Language and formatting: Dutch UI by default, English available
# ---------------------------------------------------------------------------
LANGUAGES = {
    "nl": {"flag": "nl", "name": "Nederlands"},
    "en": {"flag": "us", "name": "English"},
}
BABEL_DEFAULT_LOCALE = _env("SUPERSET_DEFAULT_LOCALE", "nl")
# Dutch number notation: decimal comma, dot as thousands separator.
D3_FORMAT = {
    "decimal": ",",
    "thousands": ".",
    "grouping": [3],
    "currency": ["€ ", ""],
}
D3_TIME_FORMAT = {
    "dateTime": "%a %e %B %Y %X",
    "date": "%d-%m-%Y",
    "time": "%H:%M:%S",
    "periods": ["AM", "PM"],
    "days": ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    "shortDays": ["zo", "ma", "di", "wo", "do", "vr", "za"],
    "months": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "shortMonths": [
        "jan",
        "feb",
        "mrt",
        "apr",
        "mei",
        "jun",
        "jul",
        "aug",
        "sep",
        "okt",
        "nov",
        "dec",
    ],
}
APP_NAME = "LLO-Radar"

# ---------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------
FEATURE_FLAGS = {
    # Native dashboard filters and cross-filters are standard in 6.x; these are the extras.
    "DASHBOARD_CROSS_FILTERS": True,
    "DRILL_TO_DETAIL": True,
    "DRILL_BY": True,
    # Markdown in dashboards is ours; still escape raw HTML in it.
    "ESCAPE_MARKDOWN_HTML": True,
    # Full CSV export of a table chart (not only the visible page).
    "ALLOW_FULL_CSV_EXPORT": True,
    # Jinja in SQL would let SQL Lab users reach Python-side context; not needed.
    "ENABLE_TEMPLATE_PROCESSING": False,
    # Every figure shows its numbers; no thumbnails or screenshots from a worker.
    "THUMBNAILS": False,
    "ALERT_REPORTS": False,
}

CSV_EXPORT = {"encoding": "utf-8-sig", "sep": ";", "decimal": ","}
EXCEL_EXPORT: dict = {}

# ---------------------------------------------------------------------------
# Database safety
# ---------------------------------------------------------------------------
PREVENT_UNSAFE_DB_CONNECTIONS = True
PREVENT_UNSAFE_DEFAULT_URLS_ON_DATASET = True


# Datasets come from the committed bundle; no uploads into the analytics database.
def _no_csv_upload_schemas(database, user) -> list[str]:
    return []


ALLOWED_USER_CSV_SCHEMA_FUNC = _no_csv_upload_schemas
SQLLAB_CTAS_NO_LIMIT = False
SQL_MAX_ROW = 100_000

_DUCKDB_FILE_FUNCTIONS = {
    "read_csv",
    "read_csv_auto",
    "read_text",
    "read_blob",
    "read_json",
    "read_json_auto",
    "read_json_objects",
    "read_ndjson",
    "read_ndjson_auto",
    "read_ndjson_objects",
    "read_parquet",
    "parquet_scan",
    "parquet_metadata",
    "parquet_schema",
    "parquet_file_metadata",
    "parquet_kv_metadata",
    "sniff_csv",
    "glob",
    "read_xlsx",
    "st_read",
    "delta_scan",
    "iceberg_scan",
    "sqlite_scan",
    "postgres_scan",
    "mysql_scan",
    "getenv",
}


def _disallowed_sql_functions() -> dict[str, set[str]]:
    from superset.config import DISALLOWED_SQL_FUNCTIONS as defaults

    merged = {engine: set(functions) for engine, functions in defaults.items()}
    merged.setdefault("duckdb", set()).update(_DUCKDB_FILE_FUNCTIONS)
    return merged


DISALLOWED_SQL_FUNCTIONS = _disallowed_sql_functions()

# ---------------------------------------------------------------------------
# Web security
# ---------------------------------------------------------------------------
TALISMAN_ENABLED = True
_CSP = {
    "base-uri": ["'self'"],
    "default-src": ["'self'"],
    "img-src": ["'self'", "blob:", "data:"],
    "worker-src": ["'self'", "blob:"],
    "connect-src": ["'self'"],
    "object-src": "'none'",
    "style-src": ["'self'", "'unsafe-inline'"],
    "font-src": ["'self'", "data:"],
    "script-src": ["'self'", "'strict-dynamic'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
}
_HTTPS = _env_bool("SUPERSET_HTTPS", False)
TALISMAN_CONFIG = {
    "content_security_policy": _CSP,
    "content_security_policy_nonce_in": ["script-src"],
    "force_https": False,
    "session_cookie_secure": _HTTPS,
}
TALISMAN_DEV_CONFIG = TALISMAN_CONFIG
CONTENT_SECURITY_POLICY_WARNING = False
SESSION_COOKIE_SECURE = _HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
WTF_CSRF_ENABLED = True
# Only this server's fonts (the default theme already uses bundled fonts).
THEME_FONT_URL_ALLOWED_DOMAINS: list[str] = []
# DECKGL_BASE_MAP keeps its default: the frontend needs at least one entry, and the CSP
# above stops the browser from fetching those external tiles.

# Telemetry. The frontend pixel is compiled in; the CSP above blocks it in the browser.
SCARF_ANALYTICS = False

# ---------------------------------------------------------------------------
# Caches, results backend and Celery
# ---------------------------------------------------------------------------
REDIS_HOST = _env("REDIS_HOST")
if REDIS_HOST:
    from flask_caching.backends.rediscache import RedisCache

    REDIS_PORT = int(_env("REDIS_PORT", "6379"))
    REDIS_PASSWORD = _secret("REDIS_PASSWORD")
    _auth = f":{REDIS_PASSWORD}@" if REDIS_PASSWORD else ""
    _redis_url = f"redis://{_auth}{REDIS_HOST}:{REDIS_PORT}"

    def _redis_cache(db: int, prefix: str, timeout: int) -> dict:
        return {
            "CACHE_TYPE": "RedisCache",
            "CACHE_DEFAULT_TIMEOUT": timeout,
            "CACHE_KEY_PREFIX": prefix,
            "CACHE_REDIS_URL": f"{_redis_url}/{db}",
        }

    CACHE_CONFIG = _redis_cache(1, "llo_superset_", int(timedelta(days=1).total_seconds()))
    # Data is refreshed by publishing a new serving file; keep query results briefly.
    DATA_CACHE_CONFIG = _redis_cache(2, "llo_data_", int(timedelta(hours=1).total_seconds()))
    FILTER_STATE_CACHE_CONFIG = _redis_cache(
        3, "llo_filter_", int(timedelta(days=90).total_seconds())
    )
    EXPLORE_FORM_DATA_CACHE_CONFIG = _redis_cache(
        4, "llo_explore_", int(timedelta(days=7).total_seconds())
    )
    RESULTS_BACKEND = RedisCache(
        host=REDIS_HOST, port=REDIS_PORT, password=REDIS_PASSWORD, db=5, key_prefix="llo_results_"
    )

    class CeleryConfig:  # pylint: disable=too-few-public-methods
        broker_url = f"{_redis_url}/0"
        result_backend = f"{_redis_url}/0"
        imports = ("superset.sql_lab", "superset.tasks.scheduler")
        worker_prefetch_multiplier = 1
        task_acks_late = False

    CELERY_CONFIG = CeleryConfig
else:
    # One machine: per-process cache for metadata, no result cache, so a freshly
    # published serving file is visible at once.
    CACHE_CONFIG = {
        "CACHE_TYPE": "SimpleCache",
        "CACHE_DEFAULT_TIMEOUT": int(timedelta(minutes=10).total_seconds()),
        "CACHE_KEY_PREFIX": "llo_superset_",
    }
    DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}

# ---------------------------------------------------------------------------
# Web server behaviour
# ---------------------------------------------------------------------------
SUPERSET_WEBSERVER_TIMEOUT = int(_env("SUPERSET_WEBSERVER_TIMEOUT", "120"))
ENABLE_PROXY_FIX = _env_bool("SUPERSET_ENABLE_PROXY_FIX", False)
LOG_LEVEL = _env("SUPERSET_LOG_LEVEL", "INFO")
