"""POA: ROA labour-market forecasts per occupation group and region (every two years)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import config as C
from .common import is_working, real_population
from .ebb import _truth
from .output import Progress, to_table, write_csv
from .population import K_SPELLS, Persons, Population, Spells, day_of
from .reference import delivery_path

# Expected employment growth per year (percent) per BRC class (approx. shape of POA results).
CLASS_GROWTH = {
    1: 0.5,
    2: 0.0,
    3: -0.3,
    4: -0.6,
    5: 0.5,
    6: 0.3,
    7: 0.3,
    8: 2.0,
    9: -1.0,
    10: 1.5,
    11: 0.4,
    12: 0.2,
    13: 0.0,
}
# Supply of newcomers relative to demand (below 1 = shortage) per class.
CLASS_SUPPLY = {
    1: 0.80,
    2: 1.15,
    3: 1.10,
    4: 1.15,
    5: 1.0,
    6: 0.90,
    7: 0.80,
    8: 0.85,
    9: 0.90,
    10: 0.78,
    11: 1.05,
    12: 0.95,
    13: 1.1,
}
EDITION_GROWTH = {2013: -0.5, 2015: 0.0, 2017: 0.5, 2019: 0.3, 2021: -0.2, 2023: -0.3}
EDITION_TIGHTNESS = {2013: -0.9, 2015: -0.4, 2017: 0.1, 2019: 0.3, 2021: 0.4, 2023: 0.5}


class PoaAggregates:
    def __init__(self, pop: Population):
        self.pop = pop
        shape = (len(C.POA_EDITIONS), pop.n_groups, pop.ref.n_regions)
        self.workers = np.zeros(shape)
        self.older = np.zeros(shape)
        self.alive = np.zeros(len(C.POA_EDITIONS))

    def consume(self, pop: Population, p: Persons, s: Spells) -> None:
        nr = pop.ref.n_regions
        for e, year in enumerate(C.POA_EDITIONS):
            day = day_of(f"{year}-01-01")
            age = p.age_at(day)
            alive = (age >= 15) & (age <= 74)
            k = np.clip((s.start <= day).sum(axis=1) - 1, 0, K_SPELLS - 1)
            state = s.state[np.arange(len(k)), k]
            w = alive & is_working(state)
            flat = p.occ[w] * nr + p.region[w]
            self.workers[e] += np.bincount(flat, minlength=pop.n_groups * nr).reshape(
                pop.n_groups, nr
            )
            o = w & (age >= 55)
            self.older[e] += np.bincount(
                p.occ[o] * nr + p.region[o], minlength=pop.n_groups * nr
            ).reshape(pop.n_groups, nr)
            self.alive[e] += alive.sum()


def generate(
    pop: Population, agg: PoaAggregates, periods: list[str], out: Path, progress: Progress
) -> tuple[dict[str, int], list[dict]]:
    ref = pop.ref
    groups = [g for g, code in enumerate(ref.brc_codes) if code != "1311"]
    nr = ref.n_regions
    written, truth = {}, []
    rng0 = np.random.default_rng([pop.seed, 41])
    group_growth = rng0.normal(0, 0.5, pop.n_groups)
    region_growth = (
        -0.6 * pop.shrink - 0.3 * pop.ageing + 0.3 * pop.urban + rng0.normal(0, 0.15, nr)
    )
    for e, edition in enumerate(C.POA_EDITIONS):
        if str(edition) not in periods:
            continue
        rng = np.random.default_rng([pop.seed, 42, edition])
        factor = real_population(edition) / max(agg.alive[e], 1)
        g = np.repeat(np.array(groups), nr)
        r = np.tile(np.arange(nr), len(groups))
        emp = agg.workers[e][g, r] * factor
        share_old = agg.older[e][g, r] / np.maximum(agg.workers[e][g, r], 1)
        cls = ref.brc_class[g]
        growth = (
            np.array([CLASS_GROWTH[c] for c in cls])
            + group_growth[g]
            + region_growth[r]
            + EDITION_GROWTH[edition]
            + rng.normal(0, 0.3, len(g))
        )
        expansion = emp * ((1 + growth / 100) ** 6 - 1)
        repl_rate = 100 * (
            0.13 * share_old + 0.012 + rng.normal(0, 0.002, len(g)).clip(-0.005, 0.005)
        )
        replacement = emp * repl_rate / 100 * 6
        openings = np.maximum(expansion, 0) + replacement
        rate = 100 * openings / np.maximum(emp, 1) / 6
        supply = np.array([CLASS_SUPPLY[c] for c in cls]) * np.exp(rng.normal(0, 0.05, len(g)))
        itkb = 1 / (
            1
            + np.exp(-(2.2 + 3.0 * (supply - 1) - 0.35 * (rate - 3.5) - EDITION_TIGHTNESS[edition]))
        )
        itkb = np.round(itkb, 3)
        itkb_cat = np.select(
            [itkb >= 0.95, itkb >= 0.85, itkb >= 0.70, itkb >= 0.50], [1, 2, 3, 4], 5
        )
        ratio = supply * (1 + 0.05 * (3.5 - rate)) * (1 - 0.15 * EDITION_TIGHTNESS[edition])
        persp = np.select(
            [ratio <= 0.85, ratio <= 1.00, ratio <= 1.05, ratio <= 1.15], [1, 2, 3, 4], 5
        )
        cols = {
            "editie": np.full(len(g), edition),
            "prognose_beginjaar": np.full(len(g), edition),
            "prognose_eindjaar": np.full(len(g), edition + 5),
            "brc_beroepsgroep": np.array(ref.brc_codes, dtype=object)[g],
            "amr_code": np.array(ref.region_codes, dtype=object)[r],
            "werkgelegenheid_begin": np.round(emp).astype(np.int64),
            "uitbreidingsvraag": np.round(expansion).astype(np.int64),
            "vervangingsvraag": np.round(replacement).astype(np.int64),
            "baanopeningen": np.round(openings).astype(np.int64),
            "uitbreidingsvraag_pct_jaar": np.round(growth, 2),
            "vervangingsvraag_pct_jaar": np.round(repl_rate, 2),
            "itkb": itkb,
            "itkb_typering": itkb_cat,
            "perspectief_werkzoekenden": persp,
        }
        table = to_table("poa", cols)
        write_csv(table, "poa", delivery_path(out, "poa", edition))
        written[str(edition)] = table.num_rows
        progress.log("poa", str(edition), table.num_rows)
        truth.append(
            _truth(
                "poa",
                "werkgelegenheid_begin_totaal",
                edition,
                "nederland",
                "NL",
                emp.sum(),
                emp.sum(),
            )
        )
    return written, truth
