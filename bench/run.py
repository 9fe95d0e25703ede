"""The LLO-Radar benchmark: ``make bench`` (or ``python -m bench.run``).

One run measures, on synthetic data generated into a temporary directory:

1. full refresh: wall time of ``python -m orchestration.run build`` (the same job as
   ``make build``) in a child process, its peak memory (RSS summed over the process tree,
   sampled every 0.2 s, and the largest single process from ``wait4``) and the time per
   step from the run's step events in the Dagster instance (ingest, dbt, GX, publish,
   freshness checks; the rest of the wall time is process start-up, loading the
   definitions and Dagster's bookkeeping);
2. the raw-DuckDB floor: bench/floor.sql, the heaviest mart aggregates straight from the
   landing files, and the ratio refresh / floor;
3. pandas: bench/pandas_employment.py (rpt_employment_by_region_sector from the Polis
   files) against the dbt timings of the four models that build that mart in the full
   refresh (run_results.json of the run);
4. incremental refresh: the landing zone without the last EBB and Polis year, a full
   refresh, then that year's files added and ``orchestration.run build`` again;
5. chart latency: every chart's SQL, as a real Superset generates it from the saved query
   context (``result_type=query``), run on the serving file of the full refresh (read-only
   DuckDB): p50 / p95 over all runs; and the whole ``POST /api/v1/chart/data`` round trip
   with ``force`` (Superset from .venv-superset on 127.0.0.1 and a free port) as
   chart_api_p50_ms / chart_api_p95_ms;
6. scale curve: a full refresh per fraction of national scale (generator ``--fraction``).

Every file goes to a fresh ``/tmp/bench-*`` directory (removed at the end unless --keep);
the figures are printed as a table and written to bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
RESULTS = BENCH / "results"
SS_PY = REPO / ".venv-superset" / "bin" / "python"
DBT_TARGET = REPO / "dbt_project" / "target"
# The dbt models from raw.polis to the mart, timed for the pandas comparison.
EMPLOYMENT_MODELS = [
    "stg_polis__jobs",
    "lnk_polis_employment_cells",
    "lnk_polis_employment_disclosed",
    "rpt_employment_by_region_sector",
]
CHAIN_VARIABLES = (
    "LLO_LANDING_DIR",
    "LLO_BUILD_DB",
    "LLO_SERVING_DB",
    "DAGSTER_HOME",
    "LLO_QUALITY_DIR",
    "LLO_ALERT_LOG",
    "LLO_ALERT_WEBHOOK_URL",
)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- machine and scale ------------------------------------------------------------------


def machine() -> dict:
    with open("/proc/meminfo") as handle:
        total_kib = next(int(line.split()[1]) for line in handle if line.startswith("MemTotal"))
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(
                line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(total_kib / 2**20, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "os": platform.platform(),
    }


def generator_args(scale: str) -> list[str]:
    """``tiny|small|national`` or a fraction of national scale (``0.01``)."""
    if scale in ("tiny", "small", "national"):
        return ["--scale", scale]
    return ["--fraction", str(float(scale))]


def generate(out: Path, scale: str, seed: int) -> float:
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "synthetic",
            *generator_args(scale),
            "--seed",
            str(seed),
            "--out",
            str(out),
            "--quiet",
        ],
        cwd=REPO,
        check=True,
    )
    return time.monotonic() - started


# --- the chain in a child process -------------------------------------------------------


def _tree_rss_bytes(root: int) -> int:
    """RSS summed over ``root`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * page
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def chain_env(state: Path, landing: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CHAIN_VARIABLES}
    env.update(
        {
            "LLO_LANDING_DIR": str(landing),
            "LLO_BUILD_DB": str(state / "warehouse" / "build.duckdb"),
            "LLO_SERVING_DB": str(state / "serving" / "llo_radar.duckdb"),
            "DAGSTER_HOME": str(state / "dagster"),
            "LLO_QUALITY_DIR": str(state / "quality"),
            "LLO_ALERT_LOG": str(state / "quality" / "alerts.log"),
            "DAGSTER_DISABLE_TELEMETRY": "1",
            "GX_ANALYTICS_ENABLED": "false",
            "SCARF_ANALYTICS": "false",
            "TQDM_DISABLE": "1",
        }
    )
    return env


def run_chain(state: Path, landing: Path, label: str) -> dict:
    """``python -m orchestration.run build`` as a child process, timed and sampled."""
    home = state / "dagster"
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copy(REPO / "orchestration" / "dagster" / "dagster.yaml", home / "dagster.yaml")
    log_path = state / f"{label}.log"
    log(f"{label}: orchestration.run build (landing {landing.name}, log {log_path})")
    peak = [0]
    load_before = os.getloadavg()[0]
    done = threading.Event()
    with log_path.open("ab") as out:
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-m", "orchestration.run", "build"],
            cwd=REPO,
            env=chain_env(state, landing),
            stdout=out,
            stderr=subprocess.STDOUT,
        )

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss_bytes(child.pid))
                done.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.monotonic() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        sampler.join()
    if child.returncode != 0:
        tail = log_path.read_text(errors="replace").splitlines()[-30:]
        raise RuntimeError(
            f"{label}: the chain failed (exit {child.returncode}):\n" + "\n".join(tail)
        )
    result = {
        "wall_s": round(wall, 2),
        "peak_rss_tree_gib": round(peak[0] / 2**30, 3),
        "max_rss_process_gib": round(usage.ru_maxrss / 2**20, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "load_avg_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }
    result.update(step_times(home))
    log(f"{label}: {wall:.1f} s, peak RSS {result['peak_rss_tree_gib']} GiB")
    return result


def step_times(dagster_home: Path) -> dict:
    """Seconds per step of the latest run in the instance, summed by kind of step."""
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    import dagster as dg

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        run = instance.get_runs(limit=1)[0]
        records = instance.get_records_for_run(
            run.run_id,
            of_type={
                dg.DagsterEventType.STEP_START,
                dg.DagsterEventType.STEP_SUCCESS,
                dg.DagsterEventType.STEP_FAILURE,
            },
        ).records
        stats = instance.get_run_stats(run.run_id)
    starts, steps = {}, {}
    for record in records:
        entry = record.event_log_entry
        if entry.dagster_event.event_type == dg.DagsterEventType.STEP_START:
            starts[entry.step_key] = entry.timestamp
        elif entry.step_key in starts:
            steps[entry.step_key] = entry.timestamp - starts[entry.step_key]
    kinds = {
        "ingest_s": 0.0,
        "dbt_s": 0.0,
        "gx_s": 0.0,
        "publish_s": 0.0,
        "freshness_checks_s": 0.0,
        "other_steps_s": 0.0,
    }
    for key, seconds in steps.items():
        if "gx_" in key:
            kind = "gx_s"
        elif "freshness" in key:
            kind = "freshness_checks_s"
        elif key.startswith("raw__"):
            kind = "ingest_s"
        elif key == "warehouse" or key.startswith("warehouse"):
            kind = "dbt_s"
        elif key.startswith("serving__") or "publish" in key:
            kind = "publish_s"
        else:
            kind = "other_steps_s"
        kinds[kind] += seconds
    run_seconds = (stats.end_time or 0) - (stats.start_time or 0)
    return {
        "run_id": run.run_id,
        "steps": len(steps),
        "run_s": round(run_seconds, 2),
        **{k: round(v, 2) for k, v in kinds.items()},
    }


def dbt_timings(run_id: str, keep: Path) -> dict:
    """Model timings from the run_results.json the run's dbt invocation wrote (dagster-dbt
    writes each invocation to dbt_project/target/<op>-<run id[:7]>-<hash>/)."""
    targets = sorted(DBT_TARGET.glob(f"warehouse-{run_id[:7]}-*"))
    results = [t / "run_results.json" for t in targets if (t / "run_results.json").exists()]
    if not results:
        return {}
    data = json.loads(results[-1].read_text())
    shutil.copy(results[-1], keep)
    for target in targets:  # this run's copy is kept in the work directory
        shutil.rmtree(target, ignore_errors=True)
    by_name = {
        r["unique_id"].split(".")[-1]: r["execution_time"]
        for r in data["results"]
        if r["unique_id"].startswith("model.")
    }
    tests = sum(
        r["execution_time"]
        for r in data["results"]
        if r["unique_id"].startswith(("test.", "unit_test."))
    )
    return {
        "employment_models_s": round(sum(by_name.get(m, 0.0) for m in EMPLOYMENT_MODELS), 3),
        "employment_mart_model_s": round(by_name.get("rpt_employment_by_region_sector", 0.0), 3),
        "models_s": round(sum(by_name.values()), 2),
        "tests_s": round(tests, 2),
        "dbt_elapsed_s": round(data.get("elapsed_time", 0.0), 2),
    }


# --- floor and pandas -------------------------------------------------------------------


def floor(landing: Path, work: Path) -> dict:
    import duckdb
    import pandas as pd
    import pyreadstat

    started = time.monotonic()
    frames = [
        pyreadstat.read_sav(str(p), apply_value_formats=False)[0]
        for p in sorted((landing / "nss").glob("nss_*.sav"))
    ]
    nss = work / "floor_nss.parquet"
    pd.concat(frames, ignore_index=True).to_parquet(nss, index=False)
    decoded = time.monotonic()
    sql = (
        (BENCH / "floor.sql")
        .read_text()
        .replace("@LANDING@", str(landing))
        .replace("@NSS@", str(nss))
    )
    with duckdb.connect() as con:
        con.execute("set enable_progress_bar = false")
        con.execute(sql)
        rows = {
            name: con.execute(f"select count(*) from {name}").fetchone()[0]
            for (name,) in con.execute("select table_name from duckdb_tables()").fetchall()
        }
    finished = time.monotonic()
    return {
        "floor_s": round(finished - started, 3),
        "floor_sql_s": round(finished - decoded, 3),
        "floor_nss_decode_s": round(decoded - started, 3),
        "floor_rows": rows,
    }


def pandas_employment(landing: Path, serving_db: Path) -> dict:
    sys.path.insert(0, str(BENCH))
    import pandas_employment as pe

    frame, timing = pe.compute(landing)
    timing = {k: round(v, 3) if isinstance(v, float) else v for k, v in timing.items()}
    timing.update(pe.compare(frame, serving_db))
    return timing


# --- chart latency ----------------------------------------------------------------------


def _free_port() -> int:
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in (8088, 3000):
            return port


def _stop(pid: int, timeout: float = 30) -> None:
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


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def chart_latency(serving_db: Path, work: Path, repeats: int) -> dict:
    """Every chart's saved query context through the real Superset API, ``force`` on."""
    if not SS_PY.exists():
        return {"chart_method": "skipped: no .venv-superset (make setup creates it)"}
    import requests

    home = work / "superset"
    home.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    admin = {"username": "bench_admin", "password": secrets.token_urlsafe(16)}
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SUPERSET_", "REDIS_")) and k not in ("FLASK_APP", "VIRTUAL_ENV")
    }
    env.update(
        {
            "SUPERSET_HOME": str(home),
            "SUPERSET_SECRET_KEY": secrets.token_urlsafe(42),
            "SUPERSET_ADMIN_USERNAME": admin["username"],
            "SUPERSET_ADMIN_PASSWORD": admin["password"],
            "SUPERSET_ADMIN_EMAIL": "bench@llo-radar.test",
            "LLO_SERVING_DB": str(serving_db),
            "SUPERSET_PORT": str(port),
            "SUPERSET_HOST": "127.0.0.1",
            "SCARF_ANALYTICS": "false",
        }
    )
    log(f"superset: provisioning {home}")
    started = time.monotonic()
    with (work / "superset.log").open("ab") as out:
        subprocess.run(
            [str(SS_PY), "-m", "superset_config.provision"],
            cwd=REPO,
            env=env,
            check=True,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=1800,
        )
        provisioned = time.monotonic() - started
        log(f"superset: starting on 127.0.0.1:{port}")
        pid_file = home / "superset.pid"
        pid = None
        try:
            subprocess.run(
                [str(REPO / "superset_config" / "serve.sh"), "start"],
                cwd=REPO,
                env=env,
                check=True,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=600,
            )
            pid = int(pid_file.read_text().strip())
            base = f"http://127.0.0.1:{port}"
            api = requests.Session()
            token = api.post(
                f"{base}/api/v1/security/login",
                timeout=60,
                json={**admin, "provider": "db", "refresh": False},
            )
            token.raise_for_status()
            api.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
            csrf = api.get(f"{base}/api/v1/security/csrf_token/", timeout=60).json()["result"]
            api.headers.update({"X-CSRFToken": csrf, "Referer": base})
            charts = api.get(
                f"{base}/api/v1/chart/",
                timeout=60,
                params={"q": "(columns:!(id,slice_name),page_size:100)"},
            ).json()["result"]
            latencies, per_chart, errors, queries = [], {}, [], {}
            for chart in charts:
                detail = api.get(f"{base}/api/v1/chart/{chart['id']}", timeout=60).json()["result"]
                context = json.loads(detail["query_context"])
                context["force"] = True
                # the SQL Superset sends to the serving file for this chart
                sql = api.post(
                    f"{base}/api/v1/chart/data",
                    timeout=300,
                    json={**context, "result_type": "query"},
                )
                if sql.status_code == 200:
                    queries[chart["slice_name"]] = [
                        item["query"] for item in sql.json()["result"] if item.get("query")
                    ]
                timings = []
                for attempt in range(repeats + 1):  # the first call is a warm-up
                    t0 = time.perf_counter()
                    response = api.post(f"{base}/api/v1/chart/data", json=context, timeout=300)
                    elapsed = (time.perf_counter() - t0) * 1000
                    if response.status_code != 200:
                        errors.append(f"{chart['slice_name']}: HTTP {response.status_code}")
                        break
                    if attempt:
                        timings.append(elapsed)
                latencies += timings
                if timings:
                    per_chart[chart["slice_name"]] = round(statistics.median(timings), 1)
        finally:
            if pid is None and pid_file.exists():
                pid = int(pid_file.read_text().strip())
            if pid is not None:
                _stop(pid)
    slowest = sorted(per_chart.items(), key=lambda item: -item[1])[:5]
    on_file = serving_query_latency(serving_db, queries, repeats)
    return {
        "chart_method": "each chart's SQL (as Superset generates it) on the serving "
        f"file, read-only DuckDB, {repeats} timed runs after a warm-up; "
        "chart_api_*: the whole POST /api/v1/chart/data round trip "
        "(force=true: no cache)",
        "charts": len(charts),
        "chart_calls": len(latencies),
        "chart_errors": errors,
        **on_file,
        "chart_api_p50_ms": round(_percentile(latencies, 0.5), 1) if latencies else None,
        "chart_api_p95_ms": round(_percentile(latencies, 0.95), 1) if latencies else None,
        "chart_api_max_ms": round(max(latencies), 1) if latencies else None,
        "chart_api_slowest_median_ms": dict(slowest),
        "superset_provision_s": round(provisioned, 1),
    }


def serving_query_latency(serving_db: Path, queries: dict[str, list[str]], repeats: int) -> dict:
    """Each chart's generated SQL run on the serving file: what the database costs a chart,
    without Superset's web, JSON and post-processing overhead."""
    import duckdb

    con = duckdb.connect(str(serving_db), read_only=True)
    latencies, per_chart = [], {}
    try:
        for name, statements in queries.items():
            timings = []
            for attempt in range(repeats + 1):  # the first run is a warm-up
                t0 = time.perf_counter()
                for statement in statements:
                    con.execute(statement).fetchall()
                if attempt:
                    timings.append((time.perf_counter() - t0) * 1000)
            latencies += timings
            per_chart[name] = round(statistics.median(timings), 2)
    finally:
        con.close()
    slowest = sorted(per_chart.items(), key=lambda item: -item[1])[:5]
    return {
        "chart_queries": len(per_chart),
        "chart_p50_ms": round(_percentile(latencies, 0.5), 2) if latencies else None,
        "chart_p95_ms": round(_percentile(latencies, 0.95), 2) if latencies else None,
        "chart_max_ms": round(max(latencies), 2) if latencies else None,
        "chart_slowest_median_ms": dict(slowest),
    }


# --- the whole benchmark ----------------------------------------------------------------


def hold_back(full: Path, held: Path, year: str) -> list[Path]:
    """Hard-link the landing zone without the EBB and Polis files of ``year``; return the
    held-back files (relative paths)."""
    held_back = []
    for path in sorted(full.rglob("*")):
        if not path.is_file() or "_truth" in path.parts:
            continue
        relative = path.relative_to(full)
        if relative.name in (f"polis_banen_{year}.parquet",) or (
            relative.name.startswith(f"ebb_{year}Q")
        ):
            held_back.append(relative)
            continue
        (held / relative).parent.mkdir(parents=True, exist_ok=True)
        os.link(path, held / relative)
    return held_back


def benchmark(args, result: dict) -> dict:
    """Fill ``result`` phase by phase (so a failure still leaves the figures so far)."""
    work = Path(tempfile.mkdtemp(prefix="bench-", dir=args.tmp))
    log(f"work directory {work}")
    result.update(
        {
            "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
            "scale": args.scale,
            "fractions": args.fractions,
            "seed": args.seed,
            "machine": machine(),
            "work_dir": str(work),
        }
    )
    try:
        landing = work / "landing"
        result["generate_s"] = round(generate(landing, args.scale, args.seed), 1)
        polis_years = sorted(
            p.stem.rsplit("_", 1)[1] for p in (landing / "polis").glob("*.parquet")
        )
        result["landing_bytes"] = sum(p.stat().st_size for p in landing.rglob("*") if p.is_file())
        result["polis_rows"] = _polis_rows(landing)

        full = _with_retry(
            result,
            "full_refresh",
            lambda: run_chain(_fresh(work / "full"), landing, "full_refresh"),
        )
        full.update(dbt_timings(full["run_id"], work / "full" / "run_results.json"))
        serving = work / "full" / "serving" / "llo_radar.duckdb"
        result["full_refresh"] = full
        result["full_refresh_s"] = full["wall_s"]
        result["peak_rss_gib"] = full["peak_rss_tree_gib"]

        log("floor: bench/floor.sql on the landing files")
        result["floor"] = floor(landing, work)
        result["floor_s"] = result["floor"]["floor_s"]
        result["refresh_over_floor"] = round(full["wall_s"] / result["floor_s"], 1)

        log("pandas: rpt_employment_by_region_sector")
        result["pandas"] = pandas_employment(landing, serving)
        ours = full.get("employment_models_s")
        result["pandas_over_ours"] = round(result["pandas"]["total_s"] / ours, 2) if ours else None
        result["pandas_compute_over_ours"] = (
            round(result["pandas"]["compute_s"] / ours, 2) if ours else None
        )

        if not args.skip_incremental:
            year = polis_years[-1]
            held = work / "landing_held_back"
            files = hold_back(landing, held, year)

            def base_then_incremental() -> tuple[dict, dict]:
                for relative in files:
                    (held / relative).unlink(missing_ok=True)
                state = _fresh(work / "incremental")
                base = run_chain(state, held, "incremental_base")
                for relative in files:
                    os.link(landing / relative, held / relative)
                return base, run_chain(state, held, "incremental")

            base, incremental = _with_retry(result, "incremental", base_then_incremental)
            incremental.update(
                dbt_timings(incremental["run_id"], work / "incremental" / "run_results.json")
            )
            base.pop("run_id", None)
            result["incremental"] = {
                "year": year,
                "files": [str(f) for f in files],
                "base_full_refresh": base,
                "refresh": incremental,
            }
            result["incremental_s"] = incremental["wall_s"]
            result["incremental_over_full"] = round(incremental["wall_s"] / full["wall_s"], 3)

        if not args.skip_charts:
            try:
                result.update(chart_latency(serving, work, args.chart_repeats))
            except Exception as error:
                log(f"superset: {error}")
                result.update(
                    {"chart_method": f"failed: {error}", "chart_p50_ms": None, "chart_p95_ms": None}
                )

        curve = []
        for fraction in args.fractions:
            if _same_scale(args.scale, fraction):
                curve.append(
                    {
                        "fraction": fraction,
                        "full_refresh_s": full["wall_s"],
                        "peak_rss_gib": full["peak_rss_tree_gib"],
                        "polis_rows": result["polis_rows"],
                    }
                )
                continue
            point_landing = work / f"landing_{fraction:g}"
            generated = generate(point_landing, str(fraction), args.seed)
            label = f"curve_{fraction:g}"
            point = _with_retry(
                result,
                label,
                lambda label=label, source=point_landing: run_chain(
                    _fresh(work / label), source, label
                ),
            )
            curve.append(
                {
                    "fraction": fraction,
                    "full_refresh_s": point["wall_s"],
                    "peak_rss_gib": point["peak_rss_tree_gib"],
                    "polis_rows": _polis_rows(point_landing),
                    "generate_s": round(generated, 1),
                }
            )
            shutil.rmtree(point_landing, ignore_errors=True)
            shutil.rmtree(work / f"curve_{fraction:g}", ignore_errors=True)
        result["scale_curve"] = curve
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return result


def _fresh(state: Path) -> Path:
    """An empty state directory (build and serving database, Dagster home)."""
    shutil.rmtree(state, ignore_errors=True)
    state.mkdir(parents=True)
    return state


def _with_retry(result: dict, label: str, measure):
    """Run a measurement; when the chain fails, record the failure and measure once more
    from an empty state (so a retried refresh is still a full refresh)."""
    try:
        return measure()
    except RuntimeError as error:
        failure = str(error).splitlines()
        log(f"{label}: failed, measuring again from an empty state")
        result.setdefault("retries", []).append(
            {
                "measurement": label,
                "error": [line for line in failure if "FAIL" in line][:5] or failure[-5:],
            }
        )
        return measure()


def _same_scale(scale: str, fraction: float) -> bool:
    try:
        return abs(float(scale) - fraction) < 1e-12
    except ValueError:
        return scale == "national" and fraction == 1.0


def _polis_rows(landing: Path) -> int:
    import duckdb

    with duckdb.connect() as con:
        return con.execute(
            f"select count(*) from read_parquet('{landing}/polis/*.parquet')"
        ).fetchone()[0]


def table(result: dict) -> str:
    full = result.get("full_refresh", {})
    accounted = sum(
        full.get(k, 0)
        for k in ("ingest_s", "dbt_s", "gx_s", "publish_s", "freshness_checks_s", "other_steps_s")
    )
    rows = [
        (
            "scale",
            f"{result['scale']} (seed {result['seed']}, "
            f"{result.get('polis_rows', 0):,} Polis jobs)",
        ),
        ("machine", f"{result['machine']['cores']} cores, {result['machine']['memory_gib']} GiB"),
        ("full refresh", f"{result.get('full_refresh_s')} s"),
        (
            "  ingest / dbt / GX / publish",
            " / ".join(f"{full.get(k, 0):.1f}" for k in ("ingest_s", "dbt_s", "gx_s", "publish_s"))
            + " s",
        ),
        (
            "  freshness checks / start-up and bookkeeping",
            (
                f"{full.get('freshness_checks_s', 0):.1f} / "
                f"{result.get('full_refresh_s', 0) - accounted:.1f} s"
            ),
        ),
        ("peak RSS (process tree)", f"{result.get('peak_rss_gib')} GiB"),
        ("raw-DuckDB floor", f"{result.get('floor_s')} s"),
        ("refresh / floor", result.get("refresh_over_floor")),
        (
            "pandas employment mart",
            (
                f"{result.get('pandas', {}).get('total_s')} s "
                f"(read {result.get('pandas', {}).get('read_s')} s; "
                f"match {result.get('pandas', {}).get('match_share')})"
            ),
        ),
        ("dbt employment models", f"{full.get('employment_models_s')} s"),
        ("pandas / ours", result.get("pandas_over_ours")),
        ("incremental refresh", f"{result.get('incremental_s')} s"),
        ("incremental / full", result.get("incremental_over_full")),
        (
            "chart query p50 / p95",
            (
                f"{result.get('chart_p50_ms')} / "
                f"{result.get('chart_p95_ms')} ms (SQL on the serving file, "
                f"{result.get('chart_queries', 0)} charts)"
            ),
        ),
        (
            "chart API p50 / p95",
            (
                f"{result.get('chart_api_p50_ms')} / "
                f"{result.get('chart_api_p95_ms')} ms (Superset round trip, "
                f"{result.get('chart_calls', 0)} calls)"
            ),
        ),
    ]
    for point in result.get("scale_curve", []):
        rows.append((f"scale curve {point['fraction']:g}", f"{point['full_refresh_s']} s"))
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--scale",
        default=os.environ.get("BENCH_SCALE") or "0.01",
        help="scale of measurements 1-5: tiny|small|national or a fraction of "
        "national (default 0.01; env BENCH_SCALE)",
    )
    parser.add_argument(
        "--fractions",
        default=os.environ.get("BENCH_FRACTIONS") or "0.01,0.1,1.0",
        help="scale curve, fractions of national (env BENCH_FRACTIONS)",
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--chart-repeats", type=int, default=5)
    parser.add_argument("--skip-incremental", action="store_true")
    parser.add_argument("--skip-charts", action="store_true")
    parser.add_argument("--tmp", default="/tmp", help="parent of the bench-* work directory")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument("--out", default=str(RESULTS / "latest.json"))
    args = parser.parse_args(argv)
    args.fractions = [float(f) for f in args.fractions.split(",") if f.strip()]
    result: dict = {}
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        benchmark(args, result)
    except BaseException as error:
        result["error"] = f"{type(error).__name__}: {error}"
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"bench failed; partial figures in {out}", file=sys.stderr)
        raise
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(table(result))
    print(f"\nwritten: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
