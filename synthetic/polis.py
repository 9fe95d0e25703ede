"""Polis: annual job file (one row per job per year), written chunk by chunk."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa

from .ebb import rinpersoon
from .hashing import permute_key, stream_key, uniform
from .output import ChunkedParquet, Progress, to_table
from .population import EMPLOYEE, Persons, Population, Spells, day_of, year_of
from .reference import delivery_path

FT_HOURS = 1836.0
DROP_RATE = 0.015  # jobs missing from the delivery (incomplete wage returns)
S_SIDE, S_SIDE2, S_DROP, S_WAGE_NOISE = 201, 202, 203, 204
SIDE_SECTORS = ["G", "I", "N", "Q", "P", "R"]
SIDE_IKVID_BASE = 20
DICTIONARY_COLUMNS = ["jaar", "sbi_sectie", "amr_werk", "contractsoort", "soort_baan"]


class PolisRows:
    """Polis job rows of one chunk of persons, as Arrow tables per year (no I/O, so it can
    run in a worker process)."""

    def __init__(self, pop: Population, years: list[int]):
        self.pop = pop
        self.years = years
        self.keys = {s: stream_key(pop.seed, s) for s in (S_SIDE, S_SIDE2, S_DROP, S_WAGE_NOISE)}
        self.side_sector = np.array([pop.ref.sbi_codes.index(c) for c in SIDE_SECTORS])

    def tables(self, p: Persons, s: Spells) -> list[tuple[int, pa.Table]]:
        return [(y, self._table(cols)) for y, cols in self.columns(p, s)]

    def columns(self, p: Persons, s: Spells) -> list[tuple[int, dict[str, np.ndarray]]]:
        y_first, y_last = min(self.years), max(self.years)
        emp = s.state == EMPLOYEE
        last_day = day_of(f"{y_last}-12-31")
        first_day = day_of(f"{y_first}-01-01")
        valid = emp & (s.end >= first_day) & (s.start <= last_day)
        pi, ki = np.nonzero(valid)
        y0 = year_of(s.start[pi, ki])
        y1 = year_of(np.minimum(s.end[pi, ki], last_day))
        parts = []
        for y in self.years:
            # rows of year y in person order, main jobs then side jobs (no sorting needed)
            hit = np.flatnonzero((y0 <= y) & (y1 >= y))
            rows_p, rows_k = pi[hit], ki[hit]
            year = np.full(len(hit), y, dtype=np.int64)
            main = self._rows(p, s, rows_p, rows_k, year)
            side = self._side_jobs(p, rows_p, year)
            cols = {key: np.concatenate([main[key], side[key]]) for key in main}
            keep = (
                uniform(self.keys[S_DROP], p.idx[cols["_p"]], cols["ikvid"] * 100 + y - 2000)
                >= DROP_RATE
            )
            cols = {key: v[keep] for key, v in cols.items()}
            cols["_rin"] = rinpersoon(self.pop, p.idx[cols.pop("_p")])
            parts.append((y, cols))
        return parts

    def _rows(self, p: Persons, s: Spells, rows_p, rows_k, year) -> dict[str, np.ndarray]:
        pop = self.pop
        start, end = s.start[rows_p, rows_k], s.end[rows_p, rows_k]
        jan1 = _jan1(year)
        dec31 = _jan1(year + 1) - 1
        a = np.maximum(start, jan1)
        b = np.minimum(end, dec31)
        days = (b - a + 1).astype(np.int64)
        flex = (a - start) < s.flex_days[rows_p, rows_k]
        dga = s.dga[rows_p, rows_k]
        soort = np.where(dga, 5, np.where(flex, s.flex_kind[rows_p, rows_k], 1))
        contract = np.where(flex & ~dga, 2, 1)
        mid_day = jan1 + 182
        age = np.floor((mid_day - p.birth_day[rows_p]) / 365.25)
        level = _level_at(p, rows_p, age)
        sub = _Sub(p, rows_p)
        wage = pop.hourly_wage(sub, age, level, year)
        noise = 0.95 + 0.1 * uniform(
            self.keys[S_WAGE_NOISE], p.idx[rows_p], rows_k * 100 + year - 2000
        )
        hours = s.hours[rows_p, rows_k] * FT_HOURS * days / 365.25
        return {
            "_p": rows_p,
            "ikvid": rows_k + 1,
            "jaar": year,
            "employer": s.employer[rows_p, rows_k],
            "sector": s.sector[rows_p, rows_k].astype(np.int64),
            "region": s.region_work[rows_p, rows_k].astype(np.int64),
            "start": start,
            "end": np.where(end <= dec31, end, -1),
            "contract": contract,
            "soort": soort,
            "days": days,
            "hours": np.round(hours, 1),
            "wage": np.round(wage * hours * noise, 2),
        }

    def _side_jobs(self, p: Persons, rows_p, year) -> dict[str, np.ndarray]:
        pop = self.pop
        key = rows_p * 100 + (year - 2000)
        key, first = np.unique(key, return_index=True)
        pp, yy = rows_p[first], year[first]
        idx = p.idx[pp]
        u = uniform(self.keys[S_SIDE], idx, yy)
        age = yy - p.birth_year[pp]
        has = u < np.where(age < 25, 0.24, 0.10)
        pp, yy, idx, u = pp[has], yy[has], idx[has], u[has]
        u2 = uniform(self.keys[S_SIDE2], idx, yy)
        jan1 = _jan1(yy)
        dec31 = _jan1(yy + 1) - 1
        start = jan1 + (u2 * 330).astype(np.int64)
        length = (-np.log((u * 1000) % 1 + 1e-9) * 150).astype(np.int64) + 14
        end = start + length
        sector = self.side_sector[
            np.minimum(
                ((u2 * 100) % 1 * len(self.side_sector)).astype(np.int64), len(self.side_sector) - 1
            )
        ]
        region = p.region[pp]
        n_emp = pop.n_employers[sector, region]
        employer = pop.employer_offset[sector, region] + np.minimum(
            (n_emp * ((u2 * 10) % 1) ** 2.5).astype(np.int64), n_emp - 1
        )
        days = np.minimum(end, dec31) - start + 1
        hours = (0.12 + 0.18 * ((u * 10) % 1)) * FT_HOURS * days / 365.25
        age_mid = np.floor((jan1 + 182 - p.birth_day[pp]) / 365.25)
        sub = _Sub(p, pp)
        wage = pop.hourly_wage(sub, age_mid, _level_at(p, pp, age_mid), yy) * 0.8
        return {
            "_p": pp,
            "ikvid": np.full(len(pp), 0) + SIDE_IKVID_BASE + (yy - 2000),
            "jaar": yy,
            "employer": employer,
            "sector": sector.astype(np.int64),
            "region": region.astype(np.int64),
            "start": start,
            "end": np.where(end <= dec31, end, -1),
            "contract": np.full(len(pp), 2),
            "soort": np.where((u2 * 1000) % 1 < 0.5, 3, 1),
            "days": days,
            "hours": np.round(hours, 1),
            "wage": np.round(wage * hours, 2),
        }

    def _table(self, c: dict[str, np.ndarray]) -> pa.Table:
        pop = self.pop
        rin = pa.array(c["_rin"], type=pa.int64()).cast(pa.string())
        beid = pa.array(permute_key(c["employer"], pop.seed * 7 + 2), type=pa.int64()).cast(
            pa.string()
        )
        sbi = pa.DictionaryArray.from_arrays(
            pa.array(c["sector"], type=pa.int32()), pa.array(pop.ref.sbi_codes)
        ).cast(pa.string())
        amr = pa.DictionaryArray.from_arrays(
            pa.array(c["region"], type=pa.int32()), pa.array(pop.ref.region_codes)
        ).cast(pa.string())
        end = pa.array(c["end"].astype(np.int32), mask=c["end"] < 0).cast(pa.date32())
        return to_table(
            "polis",
            {
                "rinpersoon": rin,
                "ikvid": c["ikvid"],
                "beid": beid,
                "jaar": c["jaar"],
                "sbi_sectie": sbi,
                "amr_werk": amr,
                "datum_aanvang": c["start"],
                "datum_einde": end,
                "contractsoort": c["contract"],
                "soort_baan": c["soort"],
                "dagen": c["days"],
                "verloonde_uren": c["hours"],
                "basisloon": c["wage"],
            },
        )


class PolisWriter:
    """Writes Polis year files chunk by chunk. Arrow conversion and Parquet encoding run in
    a second thread (they release the GIL) while the next chunk is generated; at most one
    chunk is in flight, so memory stays bounded."""

    def __init__(self, pop: Population, years: list[int], out: Path, progress: Progress):
        self.rows = PolisRows(pop, years)
        self.years = years
        self.progress = progress
        self.writers = {
            y: ChunkedParquet("polis", delivery_path(out, "polis", y), DICTIONARY_COLUMNS)
            for y in years
        }
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.pending: Future | None = None

    def consume(self, pop: Population, p: Persons, s: Spells) -> None:
        parts = self.rows.columns(p, s)
        self.submit(lambda: [(y, self.rows._table(cols)) for y, cols in parts])

    def submit(self, make_tables) -> None:
        """Queue the writing of one chunk (a callable returning (year, table) pairs)."""
        if self.pending is not None:
            self.pending.result()
        self.pending = self.pool.submit(self._write, make_tables)

    def _write(self, make_tables) -> None:
        for y, table in make_tables():
            self.writers[y].write(table)

    def finish(self) -> dict[str, int]:
        if self.pending is not None:
            self.pending.result()
        self.pool.shutdown()
        written = {}
        for y, w in self.writers.items():
            w.close()
            written[str(y)] = w.rows
            self.progress.log("polis", str(y), w.rows)
        return written


def _jan1(year: np.ndarray) -> np.ndarray:
    y = np.asarray(year, dtype=np.int64)
    return (y - 1970) * 365 + (y - 1969) // 4


def _level_at(p: Persons, rows: np.ndarray, age: np.ndarray) -> np.ndarray:
    final = p.level_final[rows]
    return np.where(age < 18, 1, np.where((final == 3) & (age < 22), 2, final))


class _Sub:
    """The attributes ``Population.hourly_wage`` needs, for repeated person rows."""

    def __init__(self, p: Persons, rows: np.ndarray):
        self.occ = p.occ[rows]
        self.wage_eff = p.wage_eff[rows]
