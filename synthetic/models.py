"""Outcome models of the surveys, shared by the samplers and the truth computation.

Each model gives, for a person with given covariates, the *expected* outcome (a
probability, or the expectation of an ordinal answer under a normal latent variable), so
that the truth file holds exact population values and the samplers draw around them.
"""

from __future__ import annotations

import numpy as np

from .common import norm_cdf

N_TASKS = 33
DOMAIN_OF_TASK = np.array(
    [0] * 8 + [1] * 5 + [2] * 3 + [3] * 4 + [4] * 3 + [5] * 4 + [6] * 3 + [7] * 3
)
# domains: 0 interpersoonlijk, 1 taal, 2 rekenen, 3 probleemoplossen, 4 fysiek,
#          5 plannen_organiseren, 6 organisatiekennis, 7 computer
COGNITIVE = np.isin(DOMAIN_OF_TASK, [1, 2, 3, 5, 7])
PHYSICAL = DOMAIN_OF_TASK == 4

# ----------------------------------------------------------------------------- NSS
# Latent mean importance in 2012 for an average worker (1-5 scale, before cut points).
IMPORTANCE_2012 = np.array(
    [
        4.45,
        4.35,
        4.28,
        3.2,
        3.1,
        2.5,
        3.2,
        3.0,  # interpersoonlijk 1-8
        2.4,
        3.5,
        3.0,
        3.3,
        2.6,  # taal 9-13
        3.1,
        2.7,
        1.8,  # rekenen 14-16
        3.95,
        3.6,
        3.5,
        3.1,  # probleemoplossen 17-20
        2.4,
        2.6,
        2.9,  # fysiek 21-23
        3.7,
        2.8,
        3.6,
        3.6,  # plannen 24-27
        3.4,
        3.3,
        3.6,  # organisatiekennis 28-30
        3.4,
        2.3,
        2.4,
    ]
)  # computer 31-33
IMPORTANCE_CHANGE = {
    2012: np.zeros(N_TASKS),
    2017: np.full(N_TASKS, 0.04),
    2024: np.full(N_TASKS, 0.12),
}
for _w, _d in (
    (2017, {17: 0.12, 15: 0.08, 31: 0.10, 32: 0.05, 33: 0.05, 20: 0.05}),
    (2024, {17: 0.52, 15: 0.30, 31: 0.35, 32: 0.20, 33: 0.20, 20: 0.25, 1: 0.20, 2: 0.06, 3: 0.08}),
):
    for _t, _v in _d.items():
        IMPORTANCE_CHANGE[_w][_t - 1] = _v
IMPORTANCE_CHANGE[2017][PHYSICAL] = 0.0
IMPORTANCE_CHANGE[2024][PHYSICAL] = -0.02
# Deviation per BRC class (rows 1..13) and domain (columns as DOMAIN_OF_TASK).
CLASS_DOMAIN = np.array(
    [
        [0, 0, 0, 0, 0, 0, 0, 0],  # (unused index 0)
        [0.3, 0.3, 0.0, 0.0, -0.3, 0.2, 0.0, 0.0],  # 01 pedagogisch
        [0.0, 0.4, -0.2, 0.1, -0.2, 0.1, 0.0, 0.3],  # 02 creatief
        [0.3, -0.1, 0.1, -0.1, 0.0, -0.1, 0.3, 0.0],  # 03 commercieel
        [-0.1, 0.3, 0.4, 0.1, -0.9, 0.2, 0.2, 0.7],  # 04 bedrijfseconomisch/administratief
        [0.3, 0.4, 0.3, 0.3, -0.6, 0.6, 0.4, 0.4],  # 05 managers
        [0.2, 0.3, 0.0, 0.1, -0.1, 0.1, 0.2, 0.2],  # 06 openbaar bestuur
        [-0.3, -0.3, 0.1, 0.2, 0.8, 0.0, 0.0, -0.1],  # 07 technisch
        [-0.2, 0.1, 0.2, 0.5, -0.9, 0.1, 0.1, 1.2],  # 08 ICT
        [-0.5, -0.6, -0.1, 0.0, 1.0, 0.0, -0.1, -0.7],  # 09 agrarisch
        [0.4, 0.0, -0.1, 0.0, 0.5, 0.0, 0.0, -0.2],  # 10 zorg en welzijn
        [0.2, -0.6, -0.3, -0.3, 0.6, -0.2, -0.2, -0.9],  # 11 dienstverlenend
        [-0.3, -0.5, -0.2, -0.2, 0.6, -0.1, -0.2, -0.5],  # 12 transport en logistiek
        [-0.2, -0.3, -0.2, -0.2, 0.3, -0.2, -0.2, -0.4],  # 13 overig
    ]
)
CLASS_TASK_EXTRA = {3: {6: 1.2}, 10: {8: 1.2, 7: 0.6}, 1: {4: 0.9}, 5: {25: 0.9}}
IMPORTANCE_PERSON_SD = 0.35
IMPORTANCE_NOISE_SD = 0.75
IMPORTANCE_SD = float(np.hypot(IMPORTANCE_PERSON_SD, IMPORTANCE_NOISE_SD))
CUTS = np.array([1.5, 2.5, 3.5, 4.5])

# Effectiveness: latent mean in 2012, related to importance; problem solving lags.
EFFECTIVENESS_2012 = 3.62 + 0.25 * (IMPORTANCE_2012 - 3.2)
EFFECTIVENESS_2012[DOMAIN_OF_TASK == 3] -= 0.25
NO_DECLINE_TASKS = [1, 2, 3, 6, 9, 15, 21, 22, 29, 31, 32]  # 11 of 33
DECLINE_TASKS = [t for t in range(1, 34) if t not in NO_DECLINE_TASKS]  # 22 of 33
EFFECTIVENESS_CHANGE = {2012: np.zeros(N_TASKS), 2017: np.zeros(N_TASKS), 2024: np.zeros(N_TASKS)}
for _t in DECLINE_TASKS:
    EFFECTIVENESS_CHANGE[2017][_t - 1] = -0.05
    EFFECTIVENESS_CHANGE[2024][_t - 1] = -0.16
for _t in (9, 15, 32):  # became more effective 2012 -> 2017
    EFFECTIVENESS_CHANGE[2017][_t - 1] = 0.08
    EFFECTIVENESS_CHANGE[2024][_t - 1] = 0.03
EFFECTIVENESS_PERSON_SD = 0.30
EFFECTIVENESS_NOISE_SD = 0.70
EFFECTIVENESS_SD = float(np.hypot(EFFECTIVENESS_PERSON_SD, EFFECTIVENESS_NOISE_SD))


def group_task_deviation(seed: int, n_groups: int) -> np.ndarray:
    """Occupation-group specific deviations (groups x tasks), fixed per seed."""
    rng = np.random.default_rng([seed, 9101])
    return rng.normal(0.0, 0.15, (n_groups, N_TASKS))


def importance_mean(
    wave: int,
    occ_class: np.ndarray,
    skill: np.ndarray,
    level: np.ndarray,
    working: np.ndarray,
    group_dev: np.ndarray,
) -> np.ndarray:
    """Latent mean importance, persons x tasks."""
    m = IMPORTANCE_2012[None, :] + IMPORTANCE_CHANGE[wave][None, :]
    m = m + CLASS_DOMAIN[occ_class][:, DOMAIN_OF_TASK] + group_dev
    for cls, extra in CLASS_TASK_EXTRA.items():
        rows = occ_class == cls
        for t, v in extra.items():
            m[rows, t - 1] += v
    sk = (skill - 2.5)[:, None]
    m = m + COGNITIVE[None, :] * 0.2 * sk - PHYSICAL[None, :] * 0.35 * sk
    lv = (level - 2)[:, None]
    m = m + COGNITIVE[None, :] * 0.12 * lv - PHYSICAL[None, :] * 0.15 * lv
    nonwork = ~np.asarray(working)[:, None]
    lower = np.isin(DOMAIN_OF_TASK, [0, 3, 4, 7])[None, :]
    return m - 0.3 * (nonwork & lower)


def effectiveness_mean(wave: int, imp_mean: np.ndarray, level: np.ndarray) -> np.ndarray:
    base = EFFECTIVENESS_2012[None, :] + EFFECTIVENESS_CHANGE[wave][None, :]
    occ_part = 0.12 * (imp_mean - (IMPORTANCE_2012 + IMPORTANCE_CHANGE[wave])[None, :])
    return base + occ_part + COGNITIVE[None, :] * 0.10 * (level - 2)[:, None]


def ordinal_expectation(mean: np.ndarray, sd: float) -> np.ndarray:
    """E[y] for y = 1 + #(cut points below latent), latent ~ N(mean, sd)."""
    return 1.0 + sum(norm_cdf((mean - c) / sd) for c in CUTS)


def ordinal_at_least(mean: np.ndarray, sd: float, category: int) -> np.ndarray:
    """P(y >= category)."""
    return norm_cdf((mean - CUTS[category - 2]) / sd)


def ordinal_draw(
    mean: np.ndarray, sd_person: float, sd_noise: float, rng: np.random.Generator
) -> np.ndarray:
    person = rng.normal(0.0, sd_person, (mean.shape[0], 1))
    latent = mean + person + rng.normal(0.0, sd_noise, mean.shape)
    return 1 + (latent[..., None] > CUTS).sum(axis=-1)


# ----------------------------------------------------------------------------- LLO
def llo_course_logit(
    wave: int,
    working: np.ndarray,
    orient: np.ndarray,
    age: np.ndarray,
    lam: np.ndarray,
    region_eff: np.ndarray,
    sector: np.ndarray,
    contract: np.ndarray,
    sbi_codes: list[str],
) -> np.ndarray:
    """Logit of a work-related course in the last 12 months."""
    covid = 1.0 if wave == 2020 else 0.0
    theo = 0.85
    prac = 0.12 - 0.30 * covid
    nosk = -0.45 - 0.030 * (wave - 2004) - 0.25 * covid
    orient_eff = np.select([orient == 1, orient == 2], [theo, prac], nosk)
    sector_tab = np.array(
        [0.25 if c in "OPQK" else -0.30 if c in "IGA" else 0.0 for c in sbi_codes]
    )
    sec_eff = sector_tab[np.clip(sector, 0, len(sbi_codes) - 1)]
    contract_eff = np.array([0.0, 0.0, -0.30, -0.60])[np.clip(contract, 0, 3)]
    worker = orient_eff + sec_eff + contract_eff - 0.018 * (age - 40)
    nonworker = -1.55 + 0.5 * (orient == 1) - 0.4 * (orient == 3) - 0.02 * (age - 40)
    return np.where(working, worker, nonworker) + 0.70 * lam + region_eff


def llo_informal_logit(
    wave: int, working: np.ndarray, orient: np.ndarray, lam: np.ndarray
) -> np.ndarray:
    """Logit of informal learning for a person *without* a course; course takers add
    INFORMAL_COURSE_BOOST (formal and informal learning are complements)."""
    wave_eff = {
        2004: 0.10,
        2007: 0.08,
        2010: 0.05,
        2013: 0.02,
        2017: 0.0,
        2020: -0.35,
        2024: -0.20,
    }[wave]
    orient_eff = np.select([orient == 1, orient == 3], [0.30, -0.40], 0.0)
    return 0.45 + 0.5 * lam + orient_eff + 0.5 * working + wave_eff - 0.9 * ~np.asarray(working)


INFORMAL_COURSE_BOOST = 1.3


# ----------------------------------------------------------------------------- PIAAC
PIAAC_SD = {"lit": 40.0, "num": 43.0, "psl": 36.0, "aps": 38.0}
PIAAC_MEASUREMENT_SD = 25.0
PIAAC_CORRELATION = 0.85
LOW_LITERACY_CUT = 226.0  # upper bound of PIAAC level 1


def piaac_mean(
    domain: str,
    cycle: int,
    level: np.ndarray,
    age: np.ndarray,
    sex: np.ndarray,
    working: np.ndarray,
    lam: np.ndarray,
) -> np.ndarray:
    base = {
        ("lit", 2012): 287.0,
        ("num", 2012): 283.0,
        ("psl", 2012): 290.0,
        ("lit", 2023): 288.0,
        ("num", 2023): 293.0,
        ("aps", 2023): 276.0,
    }[(domain, cycle)]
    lvl = np.select([level == 1, level == 3], [-30.0, 26.0], 0.0)
    if cycle == 2023:
        lvl = np.where(level == 1, lvl - 8.0, lvl)  # low-skilled scored lower in 2023
    age_eff = -0.75 * np.maximum(age - 32, 0) + 0.5 * np.minimum(age - 24, 0)
    sex_eff = np.where(sex == 1, 4.0 if domain == "num" else 0.5, -4.0 if domain == "num" else -0.5)
    return base + 5.0 + lvl + age_eff + sex_eff + 6.0 * working + 5.0 * lam
