"""NSS, LLO-Enquête and PIAAC: panels, samples, answers, weights and truth."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import config as C
from . import models as M
from .common import (
    AGE_BREAKS_SURVEY,
    age_group,
    is_working,
    norm_cdf,
    poststratify,
    real_population,
    survey_day,
)
from .ebb import _subset, _truth, rinpersoon
from .hashing import stream_key, uniform
from .output import Progress, to_table, write_csv, write_sav
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
from .reference import contract, delivery_path

S_LISS, S_LISS_JOIN, S_LISS_EXIT, S_DHS, S_LINK, S_RESP, S_PIAAC_LINK = (
    301,
    302,
    303,
    304,
    305,
    306,
    307,
)
LISS_LINK_RATE = 0.92  # LISS members with a RINPERSOON (koppeltabel CBS)
DHS_LINK_RATE = 0.85
PIAAC_LINK_RATE = 0.96
LISS_JOIN = {
    2007: 0.50,
    2009: 0.10,
    2011: 0.10,
    2013: 0.06,
    2015: 0.06,
    2017: 0.06,
    2019: 0.05,
    2021: 0.04,
    2023: 0.03,
}
LISS_ATTRITION = 0.07  # per year


def _contracted_ages(source: str, column: str) -> tuple[int, int]:
    """The age range a survey covers: the bounds of its age column in the contract."""
    spec = next(c for c in contract(source).columns if c.name == column)
    return int(spec.min), int(spec.max)


# PIAAC's first cycle covered 16-65; the contract's bounds are those of the second cycle.
AGE_RANGE = {
    "nss": _contracted_ages("nss", "leeftijd"),
    "llo_enquete": _contracted_ages("llo_enquete", "leeftijd"),
    "piaac_2012": (16, 65),
    "piaac_2023": _contracted_ages("piaac", "age_r"),
}
N_CELLS = 2 * 6 * 3


def _state_at(s: Spells, rows: np.ndarray | None, day: int) -> tuple[np.ndarray, np.ndarray]:
    start = s.start if rows is None else s.start[rows]
    k = (start <= day).sum(axis=1) - 1
    kk = np.clip(k, 0, K_SPELLS - 1)
    r = np.arange(len(k))
    state = (s.state if rows is None else s.state[rows])[r, kk]
    return np.where(k < 0, 0, state), kk


def _contract(
    s: Spells, rows: np.ndarray | None, kk: np.ndarray, state: np.ndarray, day: int
) -> np.ndarray:
    r = np.arange(len(kk))
    start = (s.start if rows is None else s.start[rows])[r, kk]
    flex_days = (s.flex_days if rows is None else s.flex_days[rows])[r, kk]
    flex = (day - start) < flex_days
    return np.where(state == SELF_EMPLOYED, 3, np.where(flex, 2, 1))


def _cell(sex, age, level) -> np.ndarray:
    return ((sex - 1) * 6 + age_group(age, AGE_BREAKS_SURVEY)) * 3 + (level - 1)


class SurveyAggregates:
    """Population counts for the weights and exact truth values, per survey wave."""

    def __init__(self, pop: Population, sources: list[str]):
        self.pop = pop
        self.sources = sources
        self.group_dev = M.group_task_deviation(pop.seed, pop.n_groups)
        self.cells: dict[tuple[str, int], np.ndarray] = {}
        self.nss: dict[int, dict[str, np.ndarray]] = {}
        self.llo: dict[int, dict[str, np.ndarray]] = {}
        self.piaac: dict[int, dict[str, np.ndarray]] = {}
        self.alive: dict[int, float] = {}
        nr, ns = pop.ref.n_regions, pop.n_sectors
        self.nss_dims = {
            "nederland": 1,
            "sbi_sectie": ns,
            "brc_beroepsklasse": 13,
            "opleidingsniveau": 3,
            "opleidingsrichting": 3,
            "amr_code": nr,
        }
        self.llo_dims = {
            "nederland": 1,
            "opleidingsrichting": 3,
            "sbi_sectie": ns,
            "amr_code": nr,
            "contractsoort": 3,
            "opleidingsniveau": 3,
        }

    def waves(self) -> list[tuple[str, int]]:
        out = []
        if "nss" in self.sources:
            out += [("nss", w) for w in C.NSS_WAVES]
        if "llo_enquete" in self.sources:
            out += [("llo_enquete", w) for w in C.LLO_WAVES]
        if "piaac" in self.sources:
            out += [("piaac", w) for w in C.PIAAC_WAVES]
        return out

    def consume(self, pop: Population, p: Persons, s: Spells) -> None:
        for source, wave in self.waves():
            day = survey_day(wave)
            lo, hi = AGE_RANGE.get(source, AGE_RANGE.get(f"{source}_{wave}"))
            age = p.age_at(day)
            elig = (age >= lo) & (age <= hi)
            if not elig.any():
                continue
            rows = np.nonzero(elig)[0]
            sub = _subset(p, rows)
            a = age[rows]
            level, orient = sub.education_at(day)
            state, kk = _state_at(s, rows, day)
            cell = _cell(sub.sex, a, level)
            key = (source, wave)
            self.cells[key] = self.cells.get(key, np.zeros(N_CELLS)) + np.bincount(
                cell, minlength=N_CELLS
            )
            working = is_working(state)
            sector = s.sector[rows, kk].astype(np.int64)
            if source == "nss":
                self._nss(wave, sub, working, level, orient, sector)
            elif source == "llo_enquete":
                contract = _contract(s, rows, kk, state, day)
                self._llo(wave, sub, a, working, state, level, orient, sector, contract)
            else:
                self._piaac(wave, sub, a, working, level)
                self.alive[wave] = self.alive.get(wave, 0.0) + float(
                    ((age >= 15) & (age <= 74)).sum()
                )

    def _nss(self, wave, p, working, level, orient, sector):
        acc = self.nss.setdefault(
            wave, {d: np.zeros((self.pop.n_groups, 3, n)) for d, n in self.nss_dims.items()}
        )
        w = working
        occ, lv = p.occ[w], level[w] - 1
        values = {
            "nederland": np.zeros(w.sum(), dtype=np.int64),
            "sbi_sectie": sector[w],
            "brc_beroepsklasse": p.occ_class[w] - 1,
            "opleidingsniveau": lv,
            "opleidingsrichting": orient[w] - 1,
            "amr_code": p.region[w],
        }
        for d, n in self.nss_dims.items():
            flat = (occ * 3 + lv) * n + values[d]
            acc[d] += np.bincount(flat, minlength=self.pop.n_groups * 3 * n).reshape(
                self.pop.n_groups, 3, n
            )

    def _llo(self, wave, p, age, working, state, level, orient, sector, contract):
        pop = self.pop
        eta = M.llo_course_logit(
            wave,
            working,
            orient,
            age,
            p.lam,
            pop.region_learning[p.region],
            sector,
            contract,
            pop.ref.sbi_codes,
        )
        pc = logistic(eta)
        q0 = logistic(M.llo_informal_logit(wave, working, orient, p.lam))
        q1 = logistic(M.llo_informal_logit(wave, working, orient, p.lam) + M.INFORMAL_COURSE_BOOST)
        informal = pc * q1 + (1 - pc) * q0
        acc = self.llo.setdefault(wave, {})
        w = working
        vals = {
            "nederland": np.zeros(len(age), dtype=np.int64),
            "opleidingsrichting": orient - 1,
            "sbi_sectie": sector,
            "amr_code": p.region,
            "contractsoort": contract - 1,
            "opleidingsniveau": level - 1,
        }
        for d, n in self.llo_dims.items():
            for name, weight in (
                ("n", w.astype(float)),
                ("course", pc * w),
                ("informal", informal * w),
            ):
                key = f"{d}:{name}"
                acc[key] = acc.get(key, np.zeros(n)) + np.bincount(
                    vals[d], weights=weight, minlength=n
                )
        status = np.where(w, 0, np.where(state == UNEMPLOYED, 1, 2))
        for name, weight in (("n", np.ones(len(age))), ("course", pc), ("informal", informal)):
            key = f"werkstatus:{name}"
            acc[key] = acc.get(key, np.zeros(3)) + np.bincount(status, weights=weight, minlength=3)
        for name, weight in (
            ("course_informal", pc * q1 * w),
            ("nocourse_informal", (1 - pc) * q0 * w),
            ("nocourse", (1 - pc) * w),
        ):
            acc[name] = acc.get(name, 0.0) + float(weight.sum())

    def _piaac(self, wave, p, age, working, level):
        acc = self.piaac.setdefault(wave, {})
        ps_domain = "psl" if wave == 2012 else "aps"
        for dom in ("lit", "num", ps_domain):
            mu = M.piaac_mean(dom, wave, level, age, p.sex, working, p.lam)
            low = norm_cdf((M.LOW_LITERACY_CUT - mu) / M.PIAAC_SD[dom])
            for name, weight in (("n", np.ones(len(mu))), ("mu", mu), ("low", low)):
                key = f"{dom}:{name}"
                acc[key] = acc.get(key, np.zeros(4)) + np.concatenate(
                    [[weight.sum()], np.bincount(level - 1, weights=weight, minlength=3)]
                )

    # ------------------------------------------------------------------ truth
    def truth_rows(self) -> list[dict]:
        rows: list[dict] = []
        pop = self.pop
        labels = {
            "nederland": ["NL"],
            "sbi_sectie": pop.ref.sbi_codes,
            "brc_beroepsklasse": pop.ref.class_codes,
            "opleidingsniveau": ["1", "2", "3"],
            "opleidingsrichting": ["1", "2", "3"],
            "amr_code": pop.ref.region_codes,
            "contractsoort": ["1", "2", "3"],
            "werkstatus": ["1", "2", "3"],
        }
        groups = np.arange(pop.n_groups)
        for wave, acc in self.nss.items():
            grid_occ = np.repeat(groups, 3)
            grid_lvl = np.tile([1, 2, 3], pop.n_groups)
            imp = M.importance_mean(
                wave,
                pop.ref.brc_class[grid_occ],
                pop.ref.brc_skill[grid_occ],
                grid_lvl,
                np.ones(len(grid_occ), bool),
                self.group_dev[grid_occ],
            )
            e_imp = M.ordinal_expectation(imp, M.IMPORTANCE_SD)
            p_imp4 = M.ordinal_at_least(imp, M.IMPORTANCE_SD, 4)
            p_asked = M.ordinal_at_least(imp, M.IMPORTANCE_SD, 2)
            e_eff = M.ordinal_expectation(
                M.effectiveness_mean(wave, imp, grid_lvl), M.EFFECTIVENESS_SD
            )
            for d, cnt in acc.items():
                n = cnt.reshape(pop.n_groups * 3, -1)  # cells x values
                tot = n.sum(0)
                mean_imp = (n.T @ e_imp) / np.maximum(tot, 1)[:, None]
                share4 = (n.T @ p_imp4) / np.maximum(tot, 1)[:, None]
                asked = n.T @ p_asked
                mean_eff = (n.T @ (p_asked * e_eff)) / np.maximum(asked, 1e-12)
                for v, code in enumerate(labels[d]):
                    if tot[v] == 0:
                        continue
                    for t in range(M.N_TASKS):
                        rows.append(
                            _truth(
                                "nss",
                                "belang_gemiddeld",
                                wave,
                                d,
                                code,
                                mean_imp[v, t],
                                tot[v],
                                t + 1,
                            )
                        )
                        rows.append(
                            _truth(
                                "nss",
                                "belang_aandeel_zeer_belangrijk",
                                wave,
                                d,
                                code,
                                share4[v, t],
                                tot[v],
                                t + 1,
                            )
                        )
                        rows.append(
                            _truth(
                                "nss",
                                "effectiviteit_gemiddeld",
                                wave,
                                d,
                                code,
                                mean_eff[v, t],
                                asked[v, t],
                                t + 1,
                            )
                        )
        for wave, acc in self.llo.items():
            for d in [*self.llo_dims, "werkstatus"]:
                n = acc[f"{d}:n"]
                suffix = "" if d == "werkstatus" else "_werkenden"
                for v, code in enumerate(labels[d]):
                    if n[v] <= 0:
                        continue
                    rows.append(
                        _truth(
                            "llo_enquete",
                            f"cursus_12mnd_aandeel{suffix}",
                            wave,
                            d,
                            code,
                            acc[f"{d}:course"][v] / n[v],
                            n[v],
                        )
                    )
                    rows.append(
                        _truth(
                            "llo_enquete",
                            f"informeel_leren_aandeel{suffix}",
                            wave,
                            d,
                            code,
                            acc[f"{d}:informal"][v] / n[v],
                            n[v],
                        )
                    )
            n_course = acc["nederland:course"][0]
            rows.append(
                _truth(
                    "llo_enquete",
                    "informeel_leren_aandeel_werkenden_met_cursus",
                    wave,
                    "nederland",
                    "NL",
                    acc["course_informal"] / max(n_course, 1e-12),
                    n_course,
                )
            )
            rows.append(
                _truth(
                    "llo_enquete",
                    "informeel_leren_aandeel_werkenden_zonder_cursus",
                    wave,
                    "nederland",
                    "NL",
                    acc["nocourse_informal"] / max(acc["nocourse"], 1e-12),
                    acc["nocourse"],
                )
            )
        for wave, acc in self.piaac.items():
            for dom in ("lit", "num", "psl" if wave == 2012 else "aps"):
                n = acc[f"{dom}:n"]
                for i, code in enumerate(["NL", "1", "2", "3"]):
                    gt = "nederland" if i == 0 else "opleidingsniveau"
                    rows.append(
                        _truth(
                            "piaac",
                            f"score_{dom}_gemiddeld",
                            wave,
                            gt,
                            code,
                            acc[f"{dom}:mu"][i] / n[i],
                            n[i],
                        )
                    )
                    rows.append(
                        _truth(
                            "piaac",
                            f"score_{dom}_aandeel_niveau1_of_lager",
                            wave,
                            gt,
                            code,
                            acc[f"{dom}:low"][i] / n[i],
                            n[i],
                        )
                    )
        return rows


# ---------------------------------------------------------------------------- panels
class Panels:
    """LISS (2007-) and DHS (2004-2013) panel membership, keys and links."""

    def __init__(self, pop: Population, scale: C.Scale):
        self.pop = pop
        seed = pop.seed
        all_idx = np.arange(pop.N, dtype=np.int64)
        rate_liss = min(0.95, scale.liss_panel / pop.N)
        rate_dhs = min(0.95, scale.dhs_panel / pop.N)
        self.liss = all_idx[uniform(stream_key(seed, S_LISS), all_idx) < rate_liss]
        self.dhs = all_idx[uniform(stream_key(seed, S_DHS), all_idx) < rate_dhs]
        rank = np.arange(len(self.liss))
        self.liss_nomem = 800000 + (rank * 48271 + seed * 7919) % 99999 + 1
        rank = np.arange(len(self.dhs))
        self.dhs_nomem = 100000 + (rank * 48271 + seed * 104729) % 500000
        u = uniform(stream_key(seed, S_LISS_JOIN), self.liss)
        years = np.array(list(LISS_JOIN))
        cdf = np.cumsum(list(LISS_JOIN.values()))
        self.liss_join = years[np.minimum(np.searchsorted(cdf / cdf[-1], u), len(years) - 1)]
        ue = uniform(stream_key(seed, S_LISS_EXIT), self.liss)
        self.liss_exit = (
            self.liss_join + np.floor(-np.log(ue) / LISS_ATTRITION).astype(np.int64) + 1
        )
        self.key_link = stream_key(seed, S_LINK)
        self.key_resp = stream_key(seed, S_RESP)

    def eligible(self, panel: str, wave: int) -> tuple[np.ndarray, np.ndarray]:
        if panel == "liss":
            ok = (self.liss_join <= wave) & (self.liss_exit > wave)
            return self.liss[ok], self.liss_nomem[ok]
        return self.dhs, self.dhs_nomem

    def linked_rin(self, idx: np.ndarray, rate: float) -> np.ndarray:
        rin = rinpersoon(self.pop, idx).astype(float)
        return np.where(uniform(self.key_link, idx) < rate, rin, np.nan)


def _sample(
    pop: Population,
    panels: Panels,
    idx: np.ndarray,
    n: int,
    day: int,
    lo: int,
    hi: int,
    rng: np.random.Generator,
    persistent: bool,
) -> np.ndarray:
    """Sample ``n`` eligible persons with response propensities (lower for the young and
    the low-educated; a persistent person effect makes panel members answer again)."""
    p = pop.persons(idx)
    age = p.age_at(day)
    ok = (age >= lo) & (age <= hi)
    idx, p, age = idx[ok], _subset(p, np.nonzero(ok)[0]), age[ok]
    level, _ = p.education_at(day)
    z = uniform(panels.key_resp, idx) if persistent else rng.random(len(idx))
    logp = 0.35 * (level - 2) + 0.012 * (age - 45) + 1.2 * np.log(z + 0.05)
    gumbel = -np.log(-np.log(rng.random(len(idx))))
    order = np.argsort(-(logp + gumbel), kind="stable")
    return np.sort(idx[order[:n]])


def _weights(agg: SurveyAggregates, key, sex, age, level, total: float | None) -> np.ndarray:
    cells = agg.cells[key]
    cell = _cell(sex, age, level)
    fallback = level - 1
    w = poststratify(
        cell, cells, fallback, np.bincount(np.tile([0, 1, 2], 12), weights=cells, minlength=3)
    )
    if total is None:
        return w / w.mean()
    return w * total / w.sum()


# ---------------------------------------------------------------------------- NSS
def generate_nss(
    pop: Population,
    panels: Panels,
    agg: SurveyAggregates,
    scale: C.Scale,
    periods: list[str],
    out: Path,
    progress: Progress,
) -> dict[str, int]:
    written = {}
    for wave in C.NSS_WAVES:
        if str(wave) not in periods:
            continue
        rng = np.random.default_rng([pop.seed, 21, wave])
        day = survey_day(wave)
        elig, _ = panels.eligible("liss", wave)
        idx = _sample(
            pop, panels, elig, scale.nss_per_wave, day, *AGE_RANGE["nss"], rng, persistent=True
        )
        nomem = panels.liss_nomem[np.searchsorted(panels.liss, idx)]
        p = pop.persons(idx)
        s = pop.spells(p)
        state, kk = _state_at(s, None, day)
        age = p.age_at(day)
        level, orient = p.education_at(day)
        working = is_working(state)
        contract = _contract(s, None, kk, state, day)
        sector = s.sector[np.arange(len(idx)), kk].astype(np.int64)
        imp_mean = M.importance_mean(
            wave, p.occ_class, p.skill, level, working, agg.group_dev[p.occ]
        )
        imp = M.ordinal_draw(imp_mean, M.IMPORTANCE_PERSON_SD, M.IMPORTANCE_NOISE_SD, rng).astype(
            float
        )
        eff = M.ordinal_draw(
            M.effectiveness_mean(wave, imp_mean, level),
            M.EFFECTIVENESS_PERSON_SD,
            M.EFFECTIVENESS_NOISE_SD,
            rng,
        ).astype(float)
        eff[imp == 1] = np.nan
        imp[rng.random(imp.shape) < 0.004] = np.nan
        eff[np.isnan(imp)] = np.nan
        wage = pop.hourly_wage(p, age, level, wave) * np.exp(rng.normal(0, 0.08, len(idx)))
        employee = state == EMPLOYEE
        cols = {
            "nomem_encr": nomem,
            "rinpersoon": panels.linked_rin(idx, LISS_LINK_RATE),
            "golf": np.full(len(idx), wave),
            "geslacht": p.sex,
            "leeftijd": age,
            "amr_code": np.array(pop.ref.region_codes, dtype=object)[p.region],
            "opleidingsniveau": level,
            "opleidingsrichting": orient,
            "werkstatus": np.where(working, 1, np.where(state == UNEMPLOYED, 2, 3)),
            "brc_beroepsgroep": pop.ref.brc_numbers[p.occ],
            "sbi_sectie": np.where(working, sector + 1, np.nan),
            "contractsoort": np.where(working, contract, np.nan),
            "bruto_uurloon": np.where(employee, np.round(wage, 2), np.nan),
        }
        for t in range(M.N_TASKS):
            cols[f"belang_{t + 1:02d}"] = imp[:, t]
        for t in range(M.N_TASKS):
            cols[f"effectiviteit_{t + 1:02d}"] = eff[:, t]
        cols["weegfactor"] = _weights(agg, ("nss", wave), p.sex, age, level, None)
        order = np.argsort(nomem)
        cols = {k: np.asarray(v)[order] for k, v in cols.items()}
        table = to_table("nss", cols)
        write_sav(
            table,
            "nss",
            delivery_path(out, "nss", wave),
            f"NSS {wave} (synthetisch)",
            f"{wave}-06-30",
        )
        written[str(wave)] = table.num_rows
        progress.log("nss", str(wave), table.num_rows)
    return written


# ---------------------------------------------------------------------------- LLO
def generate_llo(
    pop: Population,
    panels: Panels,
    agg: SurveyAggregates,
    scale: C.Scale,
    periods: list[str],
    out: Path,
    progress: Progress,
) -> dict[str, int]:
    written = {}
    sbi = pop.ref.sbi_codes
    for wave in C.LLO_WAVES:
        if str(wave) not in periods:
            continue
        rng = np.random.default_rng([pop.seed, 22, wave])
        day = survey_day(wave)
        panel = "liss" if wave >= 2017 else "dhs"
        elig, _ = panels.eligible(panel, wave)
        idx = _sample(
            pop,
            panels,
            elig,
            scale.llo_per_wave,
            day,
            *AGE_RANGE["llo_enquete"],
            rng,
            persistent=True,
        )
        base_idx = panels.liss if panel == "liss" else panels.dhs
        base_nomem = panels.liss_nomem if panel == "liss" else panels.dhs_nomem
        nomem = base_nomem[np.searchsorted(base_idx, idx)]
        p = pop.persons(idx)
        s = pop.spells(p)
        n = len(idx)
        state, kk = _state_at(s, None, day)
        age = p.age_at(day)
        level, orient = p.education_at(day)
        working = is_working(state)
        employee = state == EMPLOYEE
        contract = _contract(s, None, kk, state, day)
        sector = s.sector[np.arange(n), kk].astype(np.int64)
        pc = logistic(
            M.llo_course_logit(
                wave,
                working,
                orient,
                age,
                p.lam,
                pop.region_learning[p.region],
                sector,
                contract,
                sbi,
            )
        )
        course = rng.random(n) < pc
        inf_logit = (
            M.llo_informal_logit(wave, working, orient, p.lam) + M.INFORMAL_COURSE_BOOST * course
        )
        informal = rng.random(n) < logistic(inf_logit)
        t = (wave - 2004) / 20.0
        covid = wave == 2020
        cursus_uren = np.where(
            course, np.round(np.exp(rng.normal(3.4, 0.9, n)).clip(1, 2000), 0), np.nan
        )
        initiatief = np.where(
            course, 1 + (rng.random(n)[:, None] > np.array([0.40, 0.75])).sum(1), np.nan
        )
        paid_p = np.array([0.72, 0.15, 0.03 + 0.06 * (wave >= 2020), 0.06])
        payer_self = np.where(contract == 3, 0.8, paid_p[1])
        up = rng.random(n)
        paid = np.where(
            up < np.where(contract == 3, 0.05, paid_p[0]),
            1,
            np.where(
                up < np.where(contract == 3, 0.85, paid_p[0] + payer_self),
                2,
                np.where(
                    up < np.where(contract == 3, 0.92, paid_p[:3].sum()),
                    3,
                    np.where(up < np.where(contract == 3, 0.95, paid_p.sum()), 4, 5),
                ),
            ),
        )
        paid = np.where(course, paid, np.nan)

        def reason(prob, course=course, rng=rng, n=n):
            return np.where(course, (rng.random(n) < prob).astype(float), np.nan)

        older = age >= 50
        cols_reasons = {
            "reden_bijblijven": reason(0.70),
            "reden_nieuwe_taken": reason(0.28 + 0.17 * t),
            "reden_langer_werken": reason(np.where(older, 0.20 + 0.25 * t, 0.05 + 0.10 * t)),
            "reden_verplicht": reason(0.42 - 0.18 * t),
            "reden_loopbaan": reason(np.where(age < 35, 0.30, 0.15)),
            "reden_persoonlijke_ontwikkeling": reason(0.35),
        }
        pct = np.where(
            working,
            np.clip(np.round(28 + 8 * p.lam + 6 * course + rng.normal(0, 10, n), 0), 0, 100),
            np.nan,
        )
        zelfstudie = rng.random(n) < logistic(
            -0.8 + 0.5 * p.lam + 0.6 * course + 0.3 * (orient == 1)
        )
        shrink = pop.shrink[p.region] + pop.ageing[p.region]
        barriers = {
            "belemmering_geen_tijd": rng.random(n) < np.where(working, 0.33, 0.08),
            "belemmering_kosten": rng.random(n) < np.where(working & (contract != 3), 0.14, 0.30),
            "belemmering_geen_steun_werkgever": rng.random(n)
            < np.where(employee, np.where(contract == 2, 0.18, 0.09), 0.02),
            "belemmering_geen_behoefte": rng.random(n)
            < logistic(-0.7 - 0.5 * p.lam + 0.03 * (age - 45)),
            "belemmering_zorgtaken": rng.random(n)
            < np.where((p.sex == 2) & (age >= 25) & (age <= 45), 0.22, 0.07),
            "belemmering_geen_passend_aanbod": rng.random(n) < 0.07 + 0.06 * shrink,
        }
        intent = rng.random(n) < logistic(-0.6 + 0.8 * p.lam + 1.0 * course - 0.02 * (age - 40))
        hr_eff = {2020: -0.45, 2024: -0.15}.get(wave, 0.0)
        hr_recover = {2024: {"hr_opleidingsplan": 0.30, "hr_ontwikkelgesprek": 0.15}}.get(wave, {})
        hr = {}
        for name, base in (
            ("hr_opleidingsplan", -0.6),
            ("hr_ontwikkelgesprek", 0.85),
            ("hr_opleidingsbudget", -1.4),
            ("hr_taakroulatie", -1.7),
        ):
            lp = base + hr_eff + hr_recover.get(name, 0.0) + 0.3 * (orient == 1) + 0.2 * p.lam
            hr[name] = np.where(employee, (rng.random(n) < logistic(lp)).astype(float), np.nan)
        steun = np.clip(np.round(3.4 + 0.3 * p.lam - 0.25 * covid + rng.normal(0, 0.9, n)), 1, 5)
        tech_level = {
            2004: 3.95,
            2007: 3.95,
            2010: 3.92,
            2013: 3.9,
            2017: 3.88,
            2020: 3.68,
            2024: 3.58,
        }[wave]
        tech = np.clip(
            np.round(
                tech_level
                + 0.2 * p.lam
                - 0.015 * (age - 40)
                + 0.1 * (level - 2)
                + rng.normal(0, 0.85, n)
            ),
            1,
            5,
        )
        ask_2024 = wave == 2024
        se = np.where(
            ask_2024,
            np.clip(np.round((3.6 + 0.45 * p.lam + rng.normal(0, 0.4, n)) * 5) / 5, 1, 5),
            np.nan,
        )
        ldg = np.where(
            ask_2024,
            np.clip(np.round((3.7 + 0.35 * p.lam + rng.normal(0, 0.45, n)) * 4) / 4, 1, 5),
            np.nan,
        )
        ever_worked = working | (age >= 20)
        cols = {
            "nomem_encr": nomem,
            "panel": np.full(n, 2 if panel == "liss" else 1),
            "rinpersoon": panels.linked_rin(
                idx, LISS_LINK_RATE if panel == "liss" else DHS_LINK_RATE
            ),
            "golf": np.full(n, wave),
            "geslacht": p.sex,
            "leeftijd": age,
            "amr_code": np.array(pop.ref.region_codes, dtype=object)[p.region],
            "opleidingsniveau": level,
            "opleidingsrichting": orient,
            "werkstatus": np.where(working, 1, np.where(state == UNEMPLOYED, 2, 3)),
            "contractsoort": np.where(working, contract, np.nan),
            "sbi_sectie": np.where(working, sector + 1, np.nan),
            "brc_beroepsgroep": np.where(ever_worked, pop.ref.brc_numbers[p.occ], np.nan),
            "cursus_12mnd": course.astype(int),
            "cursus_uren": cursus_uren,
            "cursus_initiatief": initiatief,
            "cursus_betaald_door": paid,
            **cols_reasons,
            "informeel_leren": informal.astype(int),
            "informeel_leren_pct_tijd": pct,
            "zelfstudie": zelfstudie.astype(int),
            **{k: v.astype(int) for k, v in barriers.items()},
            "scholingsintentie": intent.astype(int),
            "steun_werkgever": np.where(employee, steun, np.nan),
            **hr,
            "bijbenen_technologie": np.where(working, tech, np.nan),
            "leer_self_efficacy": se,
            "leerdoelgerichtheid": ldg,
            "weegfactor": _weights(agg, ("llo_enquete", wave), p.sex, age, level, None),
        }
        order = np.argsort(nomem)
        cols = {
            k: np.asarray(v)[order] if not isinstance(v, np.ma.MaskedArray) else v[order]
            for k, v in cols.items()
        }
        table = to_table("llo_enquete", cols)
        write_sav(
            table,
            "llo_enquete",
            delivery_path(out, "llo_enquete", wave),
            f"LLO-Enquete {wave} (synthetisch)",
            f"{wave}-06-30",
        )
        written[str(wave)] = table.num_rows
        progress.log("llo_enquete", str(wave), table.num_rows)
    return written


# ---------------------------------------------------------------------------- PIAAC
def generate_piaac(
    pop: Population,
    panels: Panels,
    agg: SurveyAggregates,
    scale: C.Scale,
    periods: list[str],
    out: Path,
    progress: Progress,
) -> dict[str, int]:
    written = {}
    for wave in C.PIAAC_WAVES:
        if str(wave) not in periods:
            continue
        rng = np.random.default_rng([pop.seed, 23, wave])
        day = survey_day(wave)
        lo, hi = AGE_RANGE[f"piaac_{wave}"]
        cand = np.unique(rng.integers(0, pop.N, size=min(pop.N, scale.piaac_per_wave * 4)))
        idx = _sample(pop, panels, cand, scale.piaac_per_wave, day, lo, hi, rng, persistent=False)
        n = len(idx)
        p = pop.persons(idx)
        s = pop.spells(p)
        state, kk = _state_at(s, None, day)
        age = p.age_at(day)
        level, _ = p.education_at(day)
        working = is_working(state)
        sector = s.sector[np.arange(n), kk].astype(np.int64)
        ever = working | (age >= 20)
        isco = np.array(pop.ref.brc_isco2, dtype=object)[p.occ]
        isco = np.where(ever & (isco != ""), isco, None)
        isic = np.where(
            working,
            np.array(pop.ref.sbi_codes, dtype=object)[sector],
            np.where(age >= 20, np.array(pop.ref.sbi_codes, dtype=object)[p.sector], None),
        )
        g = rng.normal(0, 1, n)
        cols = {
            "cntryid": np.full(n, 528),
            "seqid": np.arange(1, n + 1),
            "jaar": np.full(n, wave),
            "rinpersoon": panels.linked_rin(idx, PIAAC_LINK_RATE),
            "age_r": age,
            "gender_r": p.sex,
            "edlevel3": level,
            "c_d05": np.where(working, 1, np.where(state == UNEMPLOYED, 2, 3)),
            "isco2c": isco,
            "isic1c": isic,
            "varstrat": 1 + (p.region * 40 // pop.ref.n_regions + (rng.random(n) < 0.5)) % 80,
            "varunit": 1 + (rng.random(n) < 0.5).astype(int),
            "spfwt0": _weights(
                agg,
                ("piaac", wave),
                p.sex,
                age,
                level,
                agg.cells[("piaac", wave)].sum()
                * real_population(wave)
                / max(1, _alive_total(agg, wave)),
            ),
        }
        ps_dom = "psl" if wave == 2012 else "aps"
        no_computer = (wave == 2012) & (
            rng.random(n) < np.clip(0.02 + 0.006 * (age - 40) + 0.06 * (level == 1), 0, 0.5)
        )
        for dom in ("lit", "num", "psl", "aps"):
            if dom in ("psl", "aps") and dom != ps_dom:
                for k in range(1, 11):
                    cols[f"pv{dom}{k}"] = np.full(n, np.nan)
                continue
            sd = M.PIAAC_SD[dom]
            mu = M.piaac_mean(dom, wave, level, age, p.sex, working, p.lam)
            theta = mu + sd * (
                np.sqrt(M.PIAAC_CORRELATION) * g
                + np.sqrt(1 - M.PIAAC_CORRELATION) * rng.normal(0, 1, n)
            )
            signal = theta + rng.normal(0, M.PIAAC_MEASUREMENT_SD, n)
            kappa = sd**2 / (sd**2 + M.PIAAC_MEASUREMENT_SD**2)
            post_mean = mu + kappa * (signal - mu)
            post_sd = np.sqrt(kappa) * M.PIAAC_MEASUREMENT_SD
            for k in range(1, 11):
                pv = np.clip(np.round(post_mean + post_sd * rng.normal(0, 1, n), 3), 0, 500)
                if dom == "psl":
                    pv = np.where(no_computer, np.nan, pv)
                cols[f"pv{dom}{k}"] = pv
        table = to_table("piaac", cols)
        write_csv(table, "piaac", delivery_path(out, "piaac", wave))
        written[str(wave)] = table.num_rows
        progress.log("piaac", str(wave), table.num_rows)
    return written


def _alive_total(agg: SurveyAggregates, wave: int) -> float:
    """Population 15-74 of the synthetic population in ``wave`` (for scaling PIAAC weights)."""
    return agg.alive.get(wave, 0.0)


def pa_string_or_null(values: np.ndarray):
    import pyarrow as pa

    mask = np.isnan(values)
    return pa.array(np.where(mask, 0, values).astype(np.int64), mask=mask).cast(pa.string())
