"""The synthetic population every source is drawn from.

Persons are indexed 0..N-1 in contiguous blocks per arbeidsmarktregio of residence (the
block sizes follow the regions' population). Static attributes (birth date, sex, final
education, occupation, latent propensities) and a sequence of labour-market spells
(employee, self-employed, unemployed, inactive; with sector, work region, employer,
contract and hours) are pure functions of (seed, person index) — see ``hashing`` — so a
survey respondent and the same person in the Polis chunk have the same history.

Spells cover the window from 1 January 2000 (or the 15th birthday, if later); the first
spell of an adult is left-censored and gets a start date before 2000.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import config as C
from .hashing import normal, stream_key, uniform, uniforms3
from .reference import Reference

EPOCH_YEAR = 1970
WINDOW_START = int(np.datetime64("2000-01-01").astype(np.int64))
FAR_FUTURE = int(np.datetime64("2035-12-31").astype(np.int64))
K_SPELLS = 10
DAYS_PER_YEAR = 365.25

INACTIVE, UNEMPLOYED, EMPLOYEE, SELF_EMPLOYED = 0, 1, 2, 3

# stream ids (one per independent quantity)
(
    S_BIRTH,
    S_DAY,
    S_SEX,
    S_EDU,
    S_EDU2,
    S_OCC,
    S_SECTOR,
    S_LAMBDA,
    S_ATTACH,
    S_WAGE,
    S_SELF,
    S_PT,
    S_SPELL_A,
    S_SPELL_B,
    S_SPELL_C,
    S_SPELL_D,
    S_SPELL_E,
    S_BACK,
) = range(1, 19)


def day_of(date: str) -> int:
    return int(np.datetime64(date).astype(np.int64))


def year_of(days: np.ndarray) -> np.ndarray:
    return (
        np.asarray(days).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
        + EPOCH_YEAR
    )


def logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


@dataclass
class Persons:
    idx: np.ndarray
    region: np.ndarray  # 0..34
    birth_year: np.ndarray
    birth_day: np.ndarray  # days since 1970-01-01
    sex: np.ndarray  # 1 man, 2 vrouw
    level_final: np.ndarray  # 1..3
    orient_final: np.ndarray  # 1..3
    occ: np.ndarray  # BRC group index 0..113 (career occupation)
    occ_class: np.ndarray  # 1..13
    skill: np.ndarray  # 1..4
    sector: np.ndarray  # primary sector index 0..20
    lam: np.ndarray  # learning propensity ~ N(0,1)
    attach: np.ndarray  # labour-market attachment ~ N(0,1)
    wage_eff: np.ndarray  # person wage effect ~ N(0,1)
    self_u: np.ndarray  # entrepreneurial propensity ~ U(0,1)
    pt_u: np.ndarray  # part-time propensity ~ U(0,1)

    def __len__(self) -> int:
        return len(self.idx)

    def age_at(self, day: int | np.ndarray) -> np.ndarray:
        # floor((day - birth) / 365.25) in integer arithmetic
        return ((day - self.birth_day) * 4) // 1461

    def education_at(self, day: int | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Level and orientation reached by ``day`` (final attainment, reached by age)."""
        age = np.minimum(np.maximum(self.age_at(day), 0), EDU_AGES - 1)
        code = (self.level_final - 1) * 3 + (self.orient_final - 1)
        flat = code * EDU_AGES + age
        return EDU_LEVEL.ravel()[flat], EDU_ORIENT.ravel()[flat]


def _education_tables() -> tuple[np.ndarray, np.ndarray]:
    """Level and orientation by (final level, final orientation) and age: under 18 nobody
    has a startkwalificatie yet; mbo-educated reach it at 19; the higher-educated hold a
    havo/vwo (middelbaar, theoretisch) diploma until 22."""
    level = np.zeros((9, EDU_AGES), dtype=np.int64)
    orient = np.zeros((9, EDU_AGES), dtype=np.int64)
    for lf in (1, 2, 3):
        for of in (1, 2, 3):
            code = (lf - 1) * 3 + (of - 1)
            for age in range(EDU_AGES):
                lv, orr = lf, of
                if age < 18:
                    lv, orr = 1, 3
                elif lf == 3 and age < 22:
                    lv, orr = 2, 1
                elif of == 2 and age < 19:
                    lv, orr = 1, 3
                level[code, age], orient[code, age] = lv, orr
    return level, orient


EDU_AGES = 23
EDU_LEVEL, EDU_ORIENT = _education_tables()

# Age profiles on a quarter-year grid (index = floor(age * 4)), used by the spells.
AGE_GRID = 4 * 100
_AGES = np.arange(AGE_GRID) / 4.0
EMPLOYMENT_BY_AGE = np.interp(
    _AGES,
    [15, 17.9, 18, 22.9, 23, 29, 30, 49, 54, 59, 62, 64.9, 65, 67, 70, 75],
    [
        0.50,
        0.55,
        0.68,
        0.72,
        0.82,
        0.86,
        0.87,
        0.87,
        0.84,
        0.76,
        0.62,
        0.50,
        0.22,
        0.14,
        0.09,
        0.05,
    ],
)
UNEMP_BY_AGE = np.interp(
    _AGES, [15, 24, 25, 54, 55, 64, 65], [0.15, 0.15, 0.25, 0.25, 0.12, 0.10, 0.0]
)
SELF_BY_AGE = np.interp(_AGES, [15, 25, 35, 55, 75], [0.15, 0.6, 1.0, 1.3, 1.6])
CYCLE_BY_YEAR = np.array([C.CYCLE[v] for v in range(C.FIRST_YEAR, C.LAST_YEAR + 1)])


@dataclass
class Spells:
    start: np.ndarray  # (n, K) first day of spell
    end: np.ndarray  # (n, K) last day of spell
    state: np.ndarray  # (n, K) INACTIVE/UNEMPLOYED/EMPLOYEE/SELF_EMPLOYED
    sector: np.ndarray  # (n, K) sector index
    region_work: np.ndarray  # (n, K)
    employer: np.ndarray  # (n, K) employer index (global)
    flex_days: np.ndarray  # (n, K) days from spell start with a flexible contract
    flex_kind: np.ndarray  # (n, K) soort_baan while flexible (1, 2, 3, 4)
    dga: np.ndarray  # (n, K) bool: director-major shareholder
    hours: np.ndarray  # (n, K) part-time factor (share of 1,836 hours a year)

    def index_at(self, day: int) -> np.ndarray:
        """Spell index covering ``day`` per person (-1 before the first spell)."""
        return (self.start <= day).sum(axis=1) - 1

    def take(self, field: np.ndarray, k: np.ndarray) -> np.ndarray:
        kk = np.clip(k, 0, K_SPELLS - 1)
        return field[np.arange(len(kk)), kk]


class Population:
    def __init__(self, ref: Reference, scale: C.Scale, seed: int):
        self.ref = ref
        self.scale = scale
        self.seed = seed
        self.N = scale.persons
        self.key = {s: stream_key(seed, s) for s in range(1, 40)}
        n_reg = ref.n_regions
        pops = np.array([C.REGION_POPULATION_K[c] for c in ref.region_codes], dtype=float)
        raw = pops / pops.sum() * self.N
        sizes = np.floor(raw).astype(np.int64)
        sizes[np.argsort(-(raw - sizes))[: self.N - sizes.sum()]] += 1
        self.block_end = np.cumsum(sizes)
        self.block_start = self.block_end - sizes
        self.region_share = pops / pops.sum()

        def reg(table: dict[str, float]) -> np.ndarray:
            return np.array([table.get(c, 0.0) for c in ref.region_codes])

        self.shrink = reg(C.SHRINKING_REGIONS)
        self.ageing = reg(C.AGEING_REGIONS)
        self.urban = reg(C.URBAN_REGIONS)
        rng = np.random.default_rng([seed, 7001])
        # region effect on learning (logit scale): shrinking regions train less
        self.region_learning = (
            -0.30 * self.shrink
            - 0.12 * self.ageing
            + 0.12 * self.urban
            + rng.normal(0, 0.06, n_reg)
        )
        self.region_employment = (
            -0.25 * self.shrink - 0.08 * self.ageing + rng.normal(0, 0.05, n_reg)
        )
        self._birth_tables()
        self._occupation_tables(rng)
        self._sector_tables()
        self._region_neighbours()
        self._employer_tables()

    # ---------------------------------------------------------------- tables
    def _birth_tables(self) -> None:
        births = np.arange(C.BIRTH_FIRST, C.BIRTH_LAST + 1)
        w = np.select(
            [
                births < 1946,
                births < 1950,
                births < 1960,
                births < 1970,
                births < 1980,
                births < 1990,
                births < 2000,
            ],
            [
                160 + (births - 1928) * 1.5,
                220 + 0 * births,
                200 + (births - 1950) * 3.0,
                255 + 0 * births,
                235 + 0 * births,
                225 + 0 * births,
                215 + 0 * births,
            ],
            210 + 0 * births,
        ).astype(float)
        tilt = 0.40 * self.shrink + 0.25 * self.ageing - 0.30 * self.urban
        table = w[None, :] * np.exp(tilt[:, None] * (1990 - births[None, :]) / 40.0)
        cdf = np.cumsum(table, axis=1)
        cdf /= cdf[:, -1:]
        self.births = births
        self.birth_cdf = cdf + np.arange(len(tilt))[:, None]  # offset per region

    def _occupation_tables(self, rng: np.random.Generator) -> None:
        ref = self.ref
        n_groups = len(ref.brc_codes)
        cls = ref.brc_class
        counts = np.bincount(cls, minlength=14)
        share = np.array([C.CLASS_SHARE[f"{c:02d}"] for c in cls]) / counts[cls]
        share *= np.exp(rng.normal(0, 0.35, n_groups))
        affinity = np.array(
            [
                [3.0, 1.2, 0.25, 0.05],  # laag: skill 1..4
                [0.9, 1.3, 1.0, 0.25],  # middelbaar
                [0.12, 0.3, 1.0, 2.6],
            ]
        )  # hoog
        fem = np.array([C.CLASS_FEMALE[f"{c:02d}"] for c in cls])
        urban_mult = np.ones(14)
        urban_mult[[8, 4, 2]] = [1.6, 1.2, 1.3]
        urban_mult[9] = 0.4
        shrink_mult = np.ones(14)
        shrink_mult[[7, 9, 10, 8]] = [1.2, 1.6, 1.15, 0.6]
        tables = np.empty((self.ref.n_regions, 3, 2, n_groups))
        for r in range(self.ref.n_regions):
            reg_mult = urban_mult[cls] ** self.urban[r] * shrink_mult[cls] ** (
                self.shrink[r] + 0.5 * self.ageing[r]
            )
            for lvl in range(3):
                for s in range(2):
                    sex_mult = fem ** (0.5 if s == 1 else -0.5)
                    tables[r, lvl, s] = (
                        share * affinity[lvl, ref.brc_skill - 1] * sex_mult * reg_mult
                    )
        cdf = np.cumsum(tables, axis=-1)
        cdf /= cdf[..., -1:]
        flat = cdf.reshape(-1, n_groups)
        self.occ_cdf = (flat + np.arange(flat.shape[0])[:, None]).ravel()
        self.n_groups = n_groups

    def _sector_tables(self) -> None:
        codes = self.ref.sbi_codes
        table = np.zeros((14, len(codes)))
        for c, mix in C.CLASS_SECTORS.items():
            for s, p in mix.items():
                table[int(c), codes.index(s)] = p
        table[0] = table[13]
        cdf = np.cumsum(table, axis=1)
        cdf /= cdf[:, -1:]
        self.sector_cdf = (cdf + np.arange(14)[:, None]).ravel()
        self.n_sectors = len(codes)

    def _region_neighbours(self) -> None:
        lat, lon = self.ref.region_lat, self.ref.region_lon
        d = np.hypot((lat[:, None] - lat[None, :]) * 111, (lon[:, None] - lon[None, :]) * 68)
        np.fill_diagonal(d, np.inf)
        self.neighbours = np.argsort(d, axis=1)[:, :3]
        self.hubs = np.array([self.ref.region_codes.index(c) for c in C.COMMUTING_HUBS])

    def _employer_tables(self) -> None:
        # employers per (sector, work region): about one per 14 jobs, at least one
        sec_share = np.zeros(self.n_sectors)
        for c, mix in C.CLASS_SECTORS.items():
            for s, p in mix.items():
                sec_share[self.ref.sbi_codes.index(s)] += C.CLASS_SHARE[c] * p
        jobs = np.outer(sec_share / sec_share.sum(), self.region_share) * self.N * 0.55
        self.n_employers = np.maximum(1, np.round(jobs / 14)).astype(np.int64)
        self.employer_offset = (
            np.cumsum(self.n_employers.ravel()) - self.n_employers.ravel()
        ).reshape(self.n_employers.shape)

    # ---------------------------------------------------------------- persons
    def region_of(self, idx: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.block_end, idx, side="right")

    def persons(self, idx: np.ndarray) -> Persons:
        idx = np.asarray(idx, dtype=np.int64)
        k = self.key
        region = self.region_of(idx)
        ub = uniform(k[S_BIRTH], idx)
        pos = np.searchsorted(self.birth_cdf.ravel(), ub + region) - region * len(self.births)
        birth_year = self.births[np.clip(pos, 0, len(self.births) - 1)]
        jan1 = (birth_year - EPOCH_YEAR) * 365 + (birth_year - 1969) // 4
        birth_day = jan1 + np.floor(uniform(k[S_DAY], idx) * 365).astype(np.int64)
        sex = np.where(uniform(k[S_SEX], idx) < 0.497, 1, 2)
        c = np.clip((birth_year - 1930) / 80.0, 0, 1)
        e_r = 0.07 * self.urban[region] - 0.06 * self.shrink[region] - 0.025 * self.ageing[region]
        female = sex == 2
        p_high = np.clip(0.12 + 0.40 * c + e_r + female * (0.08 * c - 0.04), 0.03, 0.9)
        p_low = np.clip(0.50 - 0.36 * c - 0.8 * e_r + female * (0.03 - 0.04 * c), 0.05, 0.9)
        ue = uniform(k[S_EDU], idx)
        level = np.where(ue < p_low, 1, np.where(ue < p_low + (1 - p_low - p_high), 2, 3))
        havo_vwo = uniform(k[S_EDU2], idx) < 0.22
        orient = np.where(level == 3, 1, np.where(level == 1, 3, np.where(havo_vwo, 1, 2)))
        row = (region * 3 + (level - 1)) * 2 + (sex - 1)
        uo = uniform(k[S_OCC], idx)
        occ = np.searchsorted(self.occ_cdf, uo + row) - row * self.n_groups
        occ = np.clip(occ, 0, self.n_groups - 1)
        occ_class = self.ref.brc_class[occ]
        us = uniform(k[S_SECTOR], idx)
        sector = np.searchsorted(self.sector_cdf, us + occ_class) - occ_class * self.n_sectors
        sector = np.clip(sector, 0, self.n_sectors - 1)
        return Persons(
            idx=idx,
            region=region,
            birth_year=birth_year,
            birth_day=birth_day,
            sex=sex,
            level_final=level,
            orient_final=orient,
            occ=occ,
            occ_class=occ_class,
            skill=self.ref.brc_skill[occ],
            sector=sector,
            lam=normal(k[S_LAMBDA], idx),
            attach=normal(k[S_ATTACH], idx),
            wage_eff=normal(k[S_WAGE], idx),
            self_u=uniform(k[S_SELF], idx),
            pt_u=uniform(k[S_PT], idx),
        )

    # ---------------------------------------------------------------- spells
    def employment_target(self, a4, year, level, sex, region):
        """Logit of the employment target for quarter-year age index ``a4`` (age * 4)."""
        y = np.clip(year, C.FIRST_YEAR, C.LAST_YEAR)
        cycle = CYCLE_BY_YEAR[y - C.FIRST_YEAR]
        older = (a4 >= 55 * 4) & (a4 < 67 * 4)
        trend_older = np.where(older, 0.012 * (y - 2012), 0.0)
        female_gap = np.where(sex == 2, -0.11 + 0.004 * (y - 2002), 0.0)
        lvl = np.array([0.0, -0.10, 0.0, 0.05])[level]
        p = EMPLOYMENT_BY_AGE[a4] + 0.045 + cycle + trend_older + female_gap + lvl
        return logit(np.clip(p, 0.02, 0.97)) + self.region_employment[region], cycle

    def spells(self, p: Persons) -> Spells:
        n = len(p)
        idx = p.idx
        k = self.key
        shape = (n, K_SPELLS)
        start = np.empty(shape, dtype=np.int64)
        state = np.empty(shape, dtype=np.int8)
        sector = np.empty(shape, dtype=np.int16)
        region_work = np.empty(shape, dtype=np.int16)
        employer = np.empty(shape, dtype=np.int64)
        flex_days = np.empty(shape, dtype=np.int64)
        flex_kind = np.empty(shape, dtype=np.int8)
        dga = np.empty(shape, dtype=bool)
        hours = np.empty(shape, dtype=np.float32)
        age15 = p.birth_day + int(15 * DAYS_PER_YEAR)
        t = np.maximum(age15, WINDOW_START).astype(np.float64)
        # left-censored first spell: it started before the window
        back = np.where(
            age15 < WINDOW_START,
            np.minimum(
                (WINDOW_START - age15), -np.log(uniform(k[S_BACK], idx)) * 6 * DAYS_PER_YEAR
            ),
            0.0,
        )
        self_mult = np.where(p.self_u < 0.25, 2.0, 0.67)
        cls = p.occ_class
        class_self = np.array([0.0] + [C.CLASS_SELF[f"{c:02d}"] for c in range(1, 14)])[cls]
        flex_sectors = [self.ref.sbi_codes.index("I"), self.ref.sbi_codes.index("N")]
        base_pt = np.where(p.sex == 1, 0.93, np.where(p.birth_year < 1965, 0.62, 0.74))
        pt_person = 0.75 + 0.5 * p.pt_u
        for s in range(K_SPELLS):
            u_len, u_z, u_unemp = uniforms3(k[S_SPELL_A], idx, s)
            u_self, u_emp, u_flex = uniforms3(k[S_SPELL_B], idx, s)
            u_keep, u_alt, u_region = uniforms3(k[S_SPELL_C], idx, s)
            u_choice, u_flexlen, u_kind = uniforms3(k[S_SPELL_D], idx, s)
            u_dga, u_hours, _ = uniforms3(k[S_SPELL_E], idx, s)
            age_start = (t - p.birth_day) / DAYS_PER_YEAR
            mean_len = np.where(age_start < 25, 2.2, np.where(age_start < 45, 5.5, 7.0))
            length = np.maximum(0.25, -np.log(u_len) * mean_len) * DAYS_PER_YEAR
            if s == 0:
                spell_start = t - back
                length = np.maximum(length, 91.0)
            else:
                spell_start = t
            start[:, s] = spell_start.astype(np.int64)
            mid = t + length / 2
            age_mid = (mid - p.birth_day) / DAYS_PER_YEAR
            a4 = np.minimum(np.maximum((age_mid * 4).astype(np.int64), 0), AGE_GRID - 1)
            year_mid = (EPOCH_YEAR + mid / DAYS_PER_YEAR).astype(np.int64)
            level = np.where(
                age_mid < 18, 1, np.where((p.level_final == 3) & (age_mid < 22), 2, p.level_final)
            )
            target, cycle = self.employment_target(a4, year_mid, level, p.sex, p.region)
            z = target + 1.1 * p.attach + 0.9 * logit(u_z)
            employed = z > 0
            p_unemp = np.minimum(UNEMP_BY_AGE[a4] * (1 - 7 * np.minimum(cycle, 0)), 0.6)
            unemployed = ~employed & (u_unemp < p_unemp)
            trend_self = 0.8 + 0.5 * np.clip((year_mid - 2003) / 21.0, 0, 1)
            self_emp = employed & (u_self < class_self * self_mult * trend_self * SELF_BY_AGE[a4])
            st = np.where(
                employed,
                np.where(self_emp, SELF_EMPLOYED, EMPLOYEE),
                np.where(unemployed, UNEMPLOYED, INACTIVE),
            )
            state[:, s] = np.where(age_mid >= 75, INACTIVE, st)
            # sector: primary with prob 0.7, else drawn from the class mix
            alt = np.searchsorted(self.sector_cdf, u_alt + cls) - cls * self.n_sectors
            sec = np.where(u_keep < 0.7, p.sector, np.clip(alt, 0, self.n_sectors - 1))
            sector[:, s] = sec
            # work region: residence, a neighbour or a commuting hub
            nb = self.neighbours[p.region, np.minimum((u_choice * 3).astype(np.int64), 2)]
            hub = self.hubs[
                np.minimum((u_choice * len(self.hubs)).astype(np.int64), len(self.hubs) - 1)
            ]
            rw = np.where(u_region < 0.72, p.region, np.where(u_region < 0.90, nb, hub))
            region_work[:, s] = rw
            n_emp = self.n_employers[sec, rw]
            kk = np.minimum((n_emp * (u_emp * u_emp * np.sqrt(u_emp))).astype(np.int64), n_emp - 1)
            employer[:, s] = self.employer_offset[sec, rw] + kk
            # flexible contract at the start of an employee spell
            yflex = np.clip(year_mid, 2003, 2024)
            p_flex = (
                0.30
                + 0.012 * (np.minimum(yflex, 2016) - 2003)
                - 0.006 * np.maximum(yflex - 2020, 0)
            )
            p_flex = (
                p_flex
                + 0.35 * (age_mid < 25)
                + 0.15 * ((sec == flex_sectors[0]) | (sec == flex_sectors[1]))
            )
            flex_days[:, s] = np.where(
                u_flex < p_flex, (0.5 - np.log(u_flexlen) * 1.5) * DAYS_PER_YEAR, 0
            ).astype(np.int64)
            flex_kind[:, s] = np.where(
                u_kind < 0.30,
                2,
                np.where(u_kind < 0.55, 3, np.where((age_mid < 22) & (u_kind > 0.96), 4, 1)),
            )
            dga[:, s] = (cls == 5) & (u_dga < 0.06)
            pt = np.where(age_mid < 23, 0.40, base_pt) * np.where(age_mid >= 60, 0.85, 1.0)
            hours[:, s] = np.clip(pt * pt_person * (0.9 + 0.2 * u_hours), 0.08, 1.15)
            t = t + length
        end = np.empty(shape, dtype=np.int64)
        end[:, :-1] = start[:, 1:] - 1
        end[:, -1] = FAR_FUTURE
        # nobody works after the 75th birthday
        age75 = (p.birth_day + int(75 * DAYS_PER_YEAR))[:, None]
        working = (state == EMPLOYEE) | (state == SELF_EMPLOYED)
        end = np.where(working & (end >= age75), age75 - 1, end)
        return Spells(
            start, end, state, sector, region_work, employer, flex_days, flex_kind, dga, hours
        )

    # ---------------------------------------------------------------- helpers
    def hourly_wage(
        self,
        p: Persons,
        age: np.ndarray,
        level: np.ndarray,
        year: np.ndarray | int,
        occ: np.ndarray | None = None,
    ) -> np.ndarray:
        occ = p.occ if occ is None else occ
        cls = self.ref.brc_class[occ]
        skill = self.ref.brc_skill[occ]
        base = np.array([0.0] + [C.CLASS_WAGE[f"{c:02d}"] for c in range(1, 14)])[cls]
        age_prof = 0.35 * (1 - np.exp(-(np.maximum(age, 16) - 16) / 12.0)) - 0.22
        w = base * np.exp(0.12 * (skill - 2.5) + 0.14 * (level - 2) + age_prof + 0.22 * p.wage_eff)
        w = w * 1.022 ** (np.asarray(year) - 2024)
        return np.where(age < 21, w * 0.62, w)

    def alive_mask(self, p: Persons, day: int, min_age: int = 15, max_age: int = 74) -> np.ndarray:
        age = p.age_at(day)
        return (age >= min_age) & (age <= max_age)
