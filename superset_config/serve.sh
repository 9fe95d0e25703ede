#!/usr/bin/env bash
# Start, stop or check the LLO-Radar Superset web server (gunicorn, in the background).
#
#   superset_config/serve.sh start    # start on 127.0.0.1:${SUPERSET_PORT:-8088}, wait for /health
#   superset_config/serve.sh stop     # stop the server recorded in the PID file
#   superset_config/serve.sh status   # exit 0 when running and healthy
#   superset_config/serve.sh restart
#
# Settings (environment; relative paths are relative to the repository root):
#   SUPERSET_HOME          data/superset   metadata DB, PID file, logs
#   SUPERSET_PORT          8088
#   SUPERSET_HOST          127.0.0.1       bind address (SUPERSET_BIND_HOST overrides it)
#   SUPERSET_WORKERS       2               gunicorn worker processes (gthread, 4 threads each)
#   SUPERSET_START_TIMEOUT 120             seconds to wait for /health
#   SUPERSET_VENV          .venv-superset
# plus everything superset_config.py reads (SUPERSET_SECRET_KEY, LLO_SERVING_DB, ...).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

abs_path() {
    case "$1" in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s\n' "$REPO_ROOT/$1" ;;
    esac
}

SUPERSET_HOME="$(abs_path "${SUPERSET_HOME:-data/superset}")"
SUPERSET_VENV="$(abs_path "${SUPERSET_VENV:-.venv-superset}")"
PORT="${SUPERSET_PORT:-8088}"
HOST="${SUPERSET_BIND_HOST:-${SUPERSET_HOST:-127.0.0.1}}"
WORKERS="${SUPERSET_WORKERS:-2}"
START_TIMEOUT="${SUPERSET_START_TIMEOUT:-120}"
PID_FILE="$SUPERSET_HOME/superset.pid"
LOG_DIR="$SUPERSET_HOME/logs"
HEALTH_URL="http://$HOST:$PORT/health"

export SUPERSET_HOME
export SUPERSET_CONFIG_PATH="${SUPERSET_CONFIG_PATH:-$REPO_ROOT/superset_config/superset_config.py}"
export FLASK_APP="${FLASK_APP:-superset.app:create_app()}"
export SCARF_ANALYTICS=false
if [ -n "${LLO_SERVING_DB:-}" ]; then
    LLO_SERVING_DB="$(abs_path "$LLO_SERVING_DB")"
    export LLO_SERVING_DB
fi

running_pid() {
    # Print the PID from the PID file if that process is alive.
    [ -f "$PID_FILE" ] || return 1
    local pid
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    printf '%s\n' "$pid"
}

healthy() {
    "$SUPERSET_VENV/bin/python" - "$HEALTH_URL" <<'PY'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=3) as response:
        sys.exit(0 if response.status == 200 and response.read().strip() == b"OK" else 1)
except Exception:
    sys.exit(1)
PY
}

start() {
    if pid="$(running_pid)"; then
        echo "Superset already running (PID $pid) on $HEALTH_URL"
        return 0
    fi
    rm -f "$PID_FILE"
    mkdir -p "$LOG_DIR"
    if healthy; then
        echo "Port $PORT on $HOST already serves a Superset not started from $SUPERSET_HOME" >&2
        return 1
    fi
    # --daemon: gunicorn detaches and writes the master PID to $PID_FILE itself.
    "$SUPERSET_VENV/bin/gunicorn" \
        --daemon \
        --pid "$PID_FILE" \
        --bind "$HOST:$PORT" \
        --workers "$WORKERS" \
        --worker-class gthread \
        --threads 4 \
        --timeout 120 \
        --graceful-timeout 10 \
        --limit-request-line 0 \
        --limit-request-field_size 0 \
        --access-logfile "$LOG_DIR/access.log" \
        --error-logfile "$LOG_DIR/superset.log" \
        --capture-output \
        "superset.app:create_app()"
    local started=$SECONDS
    while (( SECONDS - started < START_TIMEOUT )); do
        if healthy; then
            echo "Superset is up on http://$HOST:$PORT (PID $(cat "$PID_FILE"), $((SECONDS - started)) s)"
            return 0
        fi
        if (( SECONDS - started > 5 )) && ! running_pid >/dev/null; then
            echo "Superset exited during start-up; last lines of $LOG_DIR/superset.log:" >&2
            tail -n 30 "$LOG_DIR/superset.log" >&2 || true
            return 1
        fi
        sleep 1
    done
    echo "Superset did not answer $HEALTH_URL within $START_TIMEOUT s; see $LOG_DIR/superset.log" >&2
    stop || true
    return 1
}

stop() {
    local pid
    if ! pid="$(running_pid)"; then
        echo "Superset is not running (no live PID in $PID_FILE)"
        rm -f "$PID_FILE"
        return 0
    fi
    kill -TERM "$pid"
    for _ in $(seq 1 30); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$PID_FILE"; echo "Superset stopped (PID $pid)"; return 0; }
        sleep 1
    done
    echo "Superset (PID $pid) did not stop after 30 s; sending KILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$PID_FILE"
}

status() {
    local pid
    if pid="$(running_pid)" && healthy; then
        echo "Superset running (PID $pid) on http://$HOST:$PORT"
        return 0
    fi
    echo "Superset not running or not healthy ($HEALTH_URL)"
    return 1
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    restart) stop; start ;;
    *) echo "usage: $0 {start|stop|status|restart}" >&2; exit 2 ;;
esac
