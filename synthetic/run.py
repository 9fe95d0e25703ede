"""Generate the landing zone: population pass, then one generator per source, then truth."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from . import GENERATOR_VERSION, ebb, poa, polis, surveys, training
from . import config as C
from .common import aggregate_state, merge_state
from .output import Progress
from .population import Population
from .reference import contracted_periods, file_name, load_reference

TRUTH_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("indicator", pa.string()),
        ("period", pa.string()),
        ("group_type", pa.string()),
        ("group_code", pa.string()),
        ("task_id", pa.int32()),
        ("value", pa.float64()),
        ("population_n", pa.float64()),
    ]
)


def select_periods(source: str, wanted: list[str] | None) -> list[str]:
    """All contracted periods of a source, or those named in ``wanted`` (a year selects its
    quarters)."""
    periods = contracted_periods(source)
    if not wanted:
        return periods
    return [p for p in periods if p in wanted or p[:4] in wanted]


def generate(
    scale_name: str,
    seed: int,
    out: Path,
    sources: list[str] | None = None,
    periods: list[str] | None = None,
    quiet: bool = False,
    jobs: int | None = None,
) -> dict:
    scale = C.get_scale(scale_name)
    sources = sources or list(C.SOURCES)
    unknown = set(sources) - set(C.SOURCES)
    if unknown:
        raise ValueError(f"unknown sources {sorted(unknown)}; choose from {C.SOURCES}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    progress = Progress(quiet)
    ref = load_reference()
    pop = Population(ref, scale, seed)
    chosen = {s: select_periods(s, periods) for s in sources}
    progress.log("population", "-", pop.N, f"personen, schaal {scale_name}, seed {seed}")

    ebb_agg = ebb.EbbAggregates(pop) if "ebb" in sources else None
    survey_sources = [s for s in ("nss", "llo_enquete", "piaac") if s in sources]
    survey_agg = surveys.SurveyAggregates(pop, survey_sources) if survey_sources else None
    poa_agg = poa.PoaAggregates(pop) if "poa" in sources else None
    polis_writer = None
    if "polis" in sources and chosen["polis"]:
        polis_writer = polis.PolisWriter(pop, [int(y) for y in chosen["polis"]], out, progress)
    aggregators = [c for c in (ebb_agg, survey_agg, poa_agg) if c is not None]
    if aggregators or polis_writer is not None:
        chunks = [(lo, min(lo + scale.chunk, pop.N)) for lo in range(0, pop.N, scale.chunk)]
        jobs = max(1, min(jobs or default_jobs(), len(chunks)))
        if jobs == 1:
            _pass_in_process(pop, chunks, aggregators, polis_writer, progress)
        else:
            _pass_in_workers(
                pop,
                chunks,
                aggregators,
                polis_writer,
                progress,
                jobs,
                (scale_name, seed, survey_sources, polis_writer.years if polis_writer else None),
            )

    written: dict[str, dict[str, int]] = {}
    truth: list[dict] = []
    if polis_writer is not None:
        written["polis"] = polis_writer.finish()
    if ebb_agg is not None:
        written["ebb"] = ebb.generate(pop, ebb_agg, scale, chosen["ebb"], out, progress)
        truth += [r for r in ebb_agg.truth_rows(pop) if _in_periods(r["period"], chosen["ebb"])]
    if survey_agg is not None:
        panels = surveys.Panels(pop, scale)
        if "nss" in sources:
            written["nss"] = surveys.generate_nss(
                pop, panels, survey_agg, scale, chosen["nss"], out, progress
            )
        if "llo_enquete" in sources:
            written["llo_enquete"] = surveys.generate_llo(
                pop, panels, survey_agg, scale, chosen["llo_enquete"], out, progress
            )
        if "piaac" in sources:
            written["piaac"] = surveys.generate_piaac(
                pop, panels, survey_agg, scale, chosen["piaac"], out, progress
            )
        truth += [r for r in survey_agg.truth_rows() if r["period"] in chosen.get(r["source"], [])]
    if poa_agg is not None:
        written["poa"], rows = poa.generate(pop, poa_agg, chosen["poa"], out, progress)
        truth += rows
    if "training_offer" in sources:
        written["training_offer"] = training.generate(
            pop, scale, chosen["training_offer"], out, progress
        )

    truth_dir = out / "_truth"
    truth_dir.mkdir(exist_ok=True)
    for source in sources:
        rows = [r for r in truth if r["source"] == source]
        table = pa.Table.from_pylist(rows, schema=TRUTH_SCHEMA)
        pq.write_table(table, truth_dir / f"truth_{source}.parquet", compression="zstd")
    parts = sorted(truth_dir.glob("truth_*.parquet"))
    combined = pa.concat_tables([pq.read_table(p, schema=TRUTH_SCHEMA) for p in parts])
    pq.write_table(combined, truth_dir / "truth.parquet", compression="zstd")

    manifest_path = truth_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    if manifest.get("seed") != seed or manifest.get("scale") != scale_name:
        manifest = {}
    manifest.update(
        {
            "generator_version": GENERATOR_VERSION,
            "seed": seed,
            "scale": scale_name,
            "persons": pop.N,
        }
    )
    files = manifest.setdefault("files", {})
    for source, per in written.items():
        for period, rows in per.items():
            path = file_name(source, period)
            files[path] = {
                "source": source,
                "period": period,
                "rows": rows,
                "sha256": _sha256(out / path),
            }
    manifest["files"] = dict(sorted(files.items()))
    manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    progress.log(
        "klaar",
        "-",
        sum(sum(v.values()) for v in written.values()),
        f"rijen in {sum(len(v) for v in written.values())} bestanden",
    )
    return {"written": written, "seconds": progress.elapsed()}


def default_jobs() -> int:
    """Worker processes for the population pass: one per core, at most two."""
    return max(1, min(2, os.cpu_count() or 1))


def _pass_in_process(pop, chunks, aggregators, polis_writer, progress) -> None:
    for i, (lo, hi) in enumerate(chunks):
        persons = pop.persons(np.arange(lo, hi, dtype=np.int64))
        spells = pop.spells(persons)
        for consumer in aggregators:
            consumer.consume(pop, persons, spells)
        if polis_writer is not None:
            polis_writer.consume(pop, persons, spells)
        if len(chunks) > 1:
            progress.log("population", f"{i + 1}/{len(chunks)}", hi - lo, "personen verwerkt")


_WORKER: dict = {}


def _worker_init(scale_name: str, seed: int, survey_sources: list[str], polis_years) -> None:
    pop = Population(load_reference(), C.get_scale(scale_name), seed)
    _WORKER.update(
        pop=pop,
        survey_sources=survey_sources,
        polis=polis.PolisRows(pop, polis_years) if polis_years else None,
    )


def _worker_chunk(lo: int, hi: int, kinds: list[str]):
    """One chunk in a worker process: partial aggregates and Polis tables."""
    pop = _WORKER["pop"]
    make = {
        "ebb": lambda: ebb.EbbAggregates(pop),
        "surveys": lambda: surveys.SurveyAggregates(pop, _WORKER["survey_sources"]),
        "poa": lambda: poa.PoaAggregates(pop),
    }
    persons = pop.persons(np.arange(lo, hi, dtype=np.int64))
    spells = pop.spells(persons)
    states = []
    for kind in kinds:
        agg = make[kind]()
        agg.consume(pop, persons, spells)
        states.append(aggregate_state(agg))
    tables = _WORKER["polis"].tables(persons, spells) if _WORKER["polis"] is not None else None
    return states, tables


def _pass_in_workers(pop, chunks, aggregators, polis_writer, progress, jobs, init_args) -> None:
    """The same pass in ``jobs`` worker processes. Chunks are merged in order, so files and
    truth are identical to the in-process pass; at most ``jobs + 1`` chunks are in flight."""
    kinds = [
        {ebb.EbbAggregates: "ebb", surveys.SurveyAggregates: "surveys", poa.PoaAggregates: "poa"}[
            type(a)
        ]
        for a in aggregators
    ]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_worker_init, initargs=init_args
    ) as executor:
        in_flight = deque()
        queue = iter(enumerate(chunks))
        for _ in range(jobs + 1):
            item = next(queue, None)
            if item is not None:
                in_flight.append((item, executor.submit(_worker_chunk, *item[1], kinds)))
        while in_flight:
            (i, (lo, hi)), future = in_flight.popleft()
            states, tables = future.result()
            item = next(queue, None)
            if item is not None:
                in_flight.append((item, executor.submit(_worker_chunk, *item[1], kinds)))
            for agg, state in zip(aggregators, states, strict=True):
                merge_state(agg, state)
            if polis_writer is not None:
                polis_writer.submit(lambda tables=tables: tables)
            progress.log("population", f"{i + 1}/{len(chunks)}", hi - lo, "personen verwerkt")


def _in_periods(period: str, chosen: list[str]) -> bool:
    return period in chosen or any(q.startswith(period) for q in chosen)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
