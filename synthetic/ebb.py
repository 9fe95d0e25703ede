"""EBB: quarterly labour force survey, rotating panel of five quarters, 2021 redesign."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from . import config as C
from .common import (
    AGE_BREAKS_EBB,
    age_group,
    is_working,
    poststratify,
    quarter_day,
    real_population,
)
from .hashing import permute_key, stream_key, uniform
from .output import Progress, to_table, write_parquet
from .population import (
    EMPLOYEE,
    K_SPELLS,
    SELF_EMPLOYED,
    UNEMPLOYED,
    Persons,
    Population,
    Spells,
    logistic,
)
from .reference import delivery_path

RETENTION = np.array([1.0, 0.80, 0.72, 0.66, 0.62])  # share still responding in wave 1..5
S_COURSE, S_ATTRITION = 101, 102
BREAK_EFFECT = 0.45  # logit jump of measured course participation from 2021Q1
COVID_EFFECT = -0.20  # 2020Q2-2021Q1


def rinpersoon(pop: Population, idx: np.ndarray) -> np.ndarray:
    return permute_key(idx, pop.seed * 7 + 1).astype(np.int64)


def rinpersoon_text(pop: Population, idx: np.ndarray) -> pa.Array:
    return pa.array(rinpersoon(pop, idx), type=pa.int64()).cast(pa.string())


AGE_EFFECT = np.interp(
    np.arange(121), [15, 25, 35, 45, 55, 65, 74], [0.55, 0.35, 0.10, -0.10, -0.40, -1.0, -1.6]
)
SEASON = {1: 0.05, 2: 0.0, 3: -0.30, 4: 0.05}


# position effect by state (0 inactive, 1 unemployed, 2 employee, 3 self-employed) for
# persons aged 25+ (first four) and under 25 (last four: inactive young are mostly students)
POSITION_EFFECT = np.array([-0.55, -0.20, 0.0, 0.0, 0.0, -0.20, 0.0, 0.0])


def course_logit(
    pop: Population,
    p: Persons,
    day: int,
    year: int,
    quarter: int,
    state: np.ndarray,
    orient: np.ndarray,
    age: np.ndarray,
    static: np.ndarray | None = None,
) -> np.ndarray:
    """Logit of a work-related course in the last four weeks (EBB concept).

    ``static`` (0.6 * learning propensity + region effect) may be passed precomputed."""
    base = -1.62 + 0.012 * (year - 2003)
    orient_tab = np.array([0.0, 0.35, 0.0, -0.45 - 0.015 * (year - 2003)])
    age_c = np.minimum(np.maximum(age, 0), 120)
    pos = POSITION_EFFECT[state + 4 * (age_c < 25)]
    period = year * 10 + quarter
    shift = (
        base
        + SEASON[quarter]
        + (COVID_EFFECT if 20202 <= period <= 20211 else 0.0)
        + (BREAK_EFFECT if year >= 2021 else 0.0)
    )
    if static is None:
        static = 0.6 * p.lam + pop.region_learning[p.region]
    return static + orient_tab[orient] + AGE_EFFECT[age_c] + pos + shift


class SpellCursor:
    """Index of the spell covering a day, moved forward through increasing days; only the
    persons whose next spell starts are touched."""

    def __init__(self, s: Spells, day: int):
        self.flat = s.start.ravel()
        self.base = np.arange(s.start.shape[0]) * K_SPELLS
        self.k = s.index_at(day)
        self.next = self._next_start(self.k, self.base)

    def _next_start(self, k: np.ndarray, base: np.ndarray) -> np.ndarray:
        has_next = k + 1 < K_SPELLS
        return np.where(
            has_next, self.flat[base + np.minimum(k + 1, K_SPELLS - 1)], np.iinfo(np.int64).max
        )

    def advance(self, day: int) -> np.ndarray:
        while True:
            rows = np.flatnonzero(self.next <= day)
            if not len(rows):
                return self.k
            self.k[rows] += 1
            self.next[rows] = self._next_start(self.k[rows], self.base[rows])


class EbbAggregates:
    """Population counts per quarter (weights) and the true course rates (truth)."""

    def __init__(self, pop: Population):
        self.quarters = C.EBB_QUARTERS
        nq, nr = len(self.quarters), pop.ref.n_regions
        self.days = [quarter_day(q) for q in self.quarters]
        self.pop_cells = np.zeros((nq, nr, len(AGE_BREAKS_EBB) - 1))
        self.p_region = np.zeros((nq, nr))
        self.p_orient = np.zeros((nq, 3))
        self.n_orient = np.zeros((nq, 3))
        self.p_work = np.zeros((nq, 2))  # workers aged 25-64 / all 25-64
        self.n_work = np.zeros((nq, 2))

    def consume(self, pop: Population, p: Persons, s: Spells) -> None:
        """Accumulate over one chunk of persons, quarter by quarter, without copying."""
        nr = pop.ref.n_regions
        base = np.arange(len(p)) * K_SPELLS
        state_flat = s.state.ravel()
        cursor = SpellCursor(s, self.days[0])
        region4 = p.region * 4
        static = 0.6 * p.lam + pop.region_learning[p.region]
        age_group_tab = np.clip(
            np.searchsorted(AGE_BREAKS_EBB, np.arange(121), side="right") - 1, 0, 3
        )
        orient_final = p.orient_final
        for qi, (period, day) in enumerate(zip(self.quarters, self.days, strict=True)):
            k = cursor.advance(day)
            age = p.age_at(day)
            alive = (age >= 15) & (age <= 74)
            state = np.where(k < 0, 0, state_flat[base + np.maximum(k, 0)])
            # orientation only differs from the final one below age 22
            young = np.flatnonzero(age < 23)
            orient = orient_final.copy()
            orient[young] = _subset(p, young).education_at(day)[1]
            year, quarter = int(period[:4]), int(period[-1])
            w_alive = alive.astype(np.float64)
            prob = (
                logistic(course_logit(pop, p, day, year, quarter, state, orient, age, static))
                * w_alive
            )
            ag = age_group_tab[np.minimum(np.maximum(age, 0), 120)]
            self.pop_cells[qi] += np.bincount(
                region4 + ag, weights=w_alive, minlength=nr * 4
            ).reshape(nr, 4)
            self.p_region[qi] += np.bincount(p.region, weights=prob, minlength=nr)
            self.p_orient[qi] += np.bincount(orient - 1, weights=prob, minlength=3)
            self.n_orient[qi] += np.bincount(orient - 1, weights=w_alive, minlength=3)
            # 0: outside 25-64, 1: 25-64 not working, 2: 25-64 working
            prime = alive & (age >= 25) & (age <= 64)
            cls = prime * (1 + (state >= EMPLOYEE))
            sums = np.bincount(cls, weights=prob, minlength=3)
            counts = np.bincount(cls, minlength=3)
            self.p_work[qi] += [sums[2], sums[1] + sums[2]]
            self.n_work[qi] += [counts[2], counts[1] + counts[2]]

    def truth_rows(self, pop: Population) -> list[dict]:
        rows = []
        codes = pop.ref.region_codes
        n_region = self.pop_cells.sum(axis=2)
        years = sorted({q[:4] for q in self.quarters})
        for y in years:
            qs = [i for i, q in enumerate(self.quarters) if q.startswith(y)]
            pr, nrg = self.p_region[qs].sum(0), n_region[qs].sum(0)
            for r, code in enumerate(codes):
                rows.append(
                    _truth(
                        "ebb",
                        "cursus_4wk_aandeel",
                        y,
                        "amr_code",
                        code,
                        pr[r] / nrg[r],
                        nrg[r] / len(qs),
                    )
                )
            rows.append(
                _truth(
                    "ebb",
                    "cursus_4wk_aandeel",
                    y,
                    "nederland",
                    "NL",
                    pr.sum() / nrg.sum(),
                    nrg.sum() / len(qs),
                )
            )
            po, no = self.p_orient[qs].sum(0), self.n_orient[qs].sum(0)
            for o in range(3):
                rows.append(
                    _truth(
                        "ebb",
                        "cursus_4wk_aandeel",
                        y,
                        "opleidingsrichting",
                        str(o + 1),
                        po[o] / max(no[o], 1),
                        no[o] / len(qs),
                    )
                )
            pw, nw = self.p_work[qs].sum(0), self.n_work[qs].sum(0)
            rows.append(
                _truth(
                    "ebb",
                    "cursus_4wk_aandeel_werkzaam_25_64",
                    y,
                    "nederland",
                    "NL",
                    pw[0] / max(nw[0], 1),
                    nw[0] / len(qs),
                )
            )
            rows.append(
                _truth(
                    "ebb",
                    "cursus_4wk_aandeel_25_64",
                    y,
                    "nederland",
                    "NL",
                    pw[1] / max(nw[1], 1),
                    nw[1] / len(qs),
                )
            )
        for qi, q in enumerate(self.quarters):
            rows.append(
                _truth(
                    "ebb",
                    "cursus_4wk_aandeel",
                    q,
                    "nederland",
                    "NL",
                    self.p_region[qi].sum() / n_region[qi].sum(),
                    n_region[qi].sum(),
                )
            )
        return rows


def _truth(source, indicator, period, group_type, group_code, value, n, task_id=None):
    return {
        "source": source,
        "indicator": indicator,
        "period": str(period),
        "group_type": group_type,
        "group_code": str(group_code),
        "task_id": task_id,
        "value": float(value),
        "population_n": float(n),
    }


def _subset(p: Persons, rows: np.ndarray) -> Persons:
    return Persons(**{f: getattr(p, f)[rows] for f in p.__dataclass_fields__})


def _select_cohort(pop: Population, rng: np.random.Generator, n_total: int, day: int) -> np.ndarray:
    """Stratified sample of persons aged 15-74 on ``day`` (allocation ~ population^0.8)."""
    share = pop.region_share**0.8
    n_r = np.maximum(1, np.round(n_total * share / share.sum())).astype(np.int64)
    sizes = pop.block_end - pop.block_start
    cand_n = np.minimum(np.ceil(n_r * 1.8 + 8).astype(np.int64), sizes * 3)
    region = np.repeat(np.arange(len(n_r)), cand_n)
    cand = pop.block_start[region] + (rng.random(len(region)) * sizes[region]).astype(np.int64)
    p = pop.persons(cand)
    age = p.age_at(day)
    ok = (age >= 15) & (age <= 74)
    cand, region = cand[ok], region[ok]
    _, first = np.unique(cand, return_index=True)
    first.sort()
    cand, region = cand[first], region[first]
    order = np.argsort(region, kind="stable")
    cand, region = cand[order], region[order]
    starts = np.searchsorted(region, np.arange(len(n_r)))
    rank = np.arange(len(cand)) - starts[region]
    keep = rank < n_r[region]
    return cand[keep]


def generate(
    pop: Population,
    agg: EbbAggregates,
    scale: C.Scale,
    periods: list[str],
    out: Path,
    progress: Progress,
) -> dict[str, int]:
    seed = pop.seed
    quarters = C.EBB_QUARTERS
    # rotation groups that entered before the first contracted quarter
    lead_in = [f"{y}Q{q}" for y in range(C.FIRST_YEAR, int(quarters[0][:4])) for q in range(1, 5)]
    all_q = lead_in + quarters
    n_entry = scale.ebb_per_quarter / RETENTION.sum()
    key_attr = stream_key(seed, S_ATTRITION)
    key_course = stream_key(seed, S_COURSE)
    members: dict[int, list[np.ndarray]] = {}
    for e, period in enumerate(all_q):
        rng = np.random.default_rng([seed, 11, e])
        day = quarter_day(period)
        chosen = _select_cohort(pop, rng, round(n_entry), day)
        ages = pop.persons(chosen).age_at(day)
        u = uniform(key_attr, chosen, e)
        agefac = np.where(ages < 30, 1.4, 1.0)
        for j in range(5):
            qi = e + j - 4  # index into ``quarters``
            if qi < 0 or qi >= len(quarters):
                continue
            present = u < RETENTION[j] ** agefac
            members.setdefault(qi, []).append(chosen[present])
    written: dict[str, int] = {}
    wanted = [i for i, q in enumerate(quarters) if q in periods]
    all_idx = (
        np.unique(np.concatenate([np.concatenate(members[i]) for i in wanted]))
        if wanted
        else np.array([], dtype=np.int64)
    )
    persons = pop.persons(all_idx)
    spells = pop.spells(persons)
    for qi in wanted:
        period = quarters[qi]
        year, quarter = int(period[:4]), int(period[-1])
        day = agg.days[qi]
        idx = np.concatenate(members[qi])
        _, first = np.unique(idx, return_index=True)
        idx = idx[np.sort(first)]
        rows = np.searchsorted(all_idx, idx)
        in_range = (persons.age_at(day)[rows] >= 15) & (persons.age_at(day)[rows] <= 74)
        idx, rows = idx[in_range], rows[in_range]
        p = _subset(persons, rows)
        k = (spells.start[rows] <= day).sum(axis=1) - 1
        kk = np.clip(k, 0, K_SPELLS - 1)
        state = np.where(k < 0, 0, spells.state[rows, kk])
        age = p.age_at(day)
        level, orient = p.education_at(day)
        working = is_working(state)
        prob = logistic(course_logit(pop, p, day, year, quarter, state, orient, age))
        course = (uniform(key_course, idx, qi) < prob).astype(np.int32)
        flex = (day - spells.start[rows, kk]) < spells.flex_days[rows, kk]
        contract = np.where(state == SELF_EMPLOYED, 3, np.where(flex, 2, 1))
        sector = spells.sector[rows, kk]
        ag = age_group(age, AGE_BREAKS_EBB)
        factor = real_population(year) / agg.pop_cells[qi].sum()
        cell_pop = agg.pop_cells[qi].ravel() * factor
        weights = poststratify(
            p.region * 4 + ag, cell_pop, p.region, agg.pop_cells[qi].sum(1) * factor
        )
        brc = np.array(pop.ref.brc_codes, dtype=object)[p.occ]
        sbi = np.array(pop.ref.sbi_codes, dtype=object)[sector]
        columns = {
            "rinpersoon": rinpersoon_text(pop, idx),
            "jaar": np.full(len(idx), year),
            "kwartaal": np.full(len(idx), quarter),
            "amr_code": np.array(pop.ref.region_codes, dtype=object)[p.region],
            "brc_beroepsgroep": np.where(working, brc, None),
            "sbi_sectie": np.where(working, sbi, None),
            "opleidingsniveau": level,
            "opleidingsrichting": orient,
            "arbeidsmarktpositie": np.where(working, 1, np.where(state == UNEMPLOYED, 2, 3)),
            "contractsoort": np.ma.masked_array(contract, mask=~working),
            "cursus_4wk": course,
            "leeftijd": age,
            "geslacht": p.sex,
            "ophoogfactor": weights,
            "ontwerpbreuk_2021": np.full(len(idx), int(year >= 2021)),
        }
        table = to_table("ebb", columns)
        write_parquet(table, delivery_path(out, "ebb", period))
        written[period] = table.num_rows
        progress.log("ebb", period, table.num_rows)
    return written
