"""Scales and the calibration parameters of the synthetic population.

Numbers marked "approx." are rounded public figures used only to give the synthetic data a
realistic shape (see the written contract, orchestration/sources/README.md, section
"Calibration"); they are not published as facts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .reference import contracted_periods, contracted_sources

# Sources, quarters, years and waves come from the source contracts.
SOURCES = contracted_sources()
EBB_QUARTERS = contracted_periods("ebb")
POLIS_YEARS = [int(year) for year in contracted_periods("polis")]
NSS_WAVES = [int(wave) for wave in contracted_periods("nss")]
LLO_WAVES = [int(wave) for wave in contracted_periods("llo_enquete")]
PIAAC_WAVES = [int(wave) for wave in contracted_periods("piaac")]
POA_EDITIONS = [int(edition) for edition in contracted_periods("poa")]
TRAINING_YEARS = [int(year) for year in contracted_periods("training_offer")]
# The population is simulated from the year before the first EBB quarter (its rotation
# groups enter up to four quarters earlier) to the last year any contract covers.
FIRST_YEAR = int(EBB_QUARTERS[0][:4]) - 1
LAST_YEAR = max(int(period[:4]) for source in SOURCES for period in contracted_periods(source))
BIRTH_FIRST = FIRST_YEAR - 74
BIRTH_LAST = LAST_YEAR - 15

# Real population 15-74 (approx., CBS StatLine), used to scale weights of small populations.
REAL_POPULATION_15_74 = {
    2003: 12_050_000,
    2010: 12_400_000,
    2015: 12_650_000,
    2020: 12_950_000,
    2024: 13_450_000,
}


@dataclass(frozen=True)
class Scale:
    name: str
    persons: int  # synthetic population (all cohorts alive 15-74 at some time 2002-2024)
    chunk: int  # persons per chunk in the population pass (memory bound)
    ebb_per_quarter: int
    nss_per_wave: int
    llo_per_wave: int
    piaac_per_wave: int
    liss_panel: int  # LISS members ever (NSS and LLO from 2017 sample from them)
    dhs_panel: int  # DHS/CentERpanel members ever (LLO 2004-2013)
    courses_per_year: int


SCALES = {
    "tiny": Scale(
        "tiny",
        persons=5_000,
        chunk=5_000,
        ebb_per_quarter=300,
        nss_per_wave=600,
        llo_per_wave=600,
        piaac_per_wave=600,
        liss_panel=3_800,
        dhs_panel=3_000,
        courses_per_year=400,
    ),
    "small": Scale(
        "small",
        persons=80_000,
        chunk=80_000,
        ebb_per_quarter=5_000,
        nss_per_wave=3_000,
        llo_per_wave=3_500,
        piaac_per_wave=4_000,
        liss_panel=20_000,
        dhs_panel=15_000,
        courses_per_year=8_000,
    ),
    "national": Scale(
        "national",
        persons=18_000_000,
        chunk=600_000,
        ebb_per_quarter=50_000,
        nss_per_wave=3_000,
        llo_per_wave=3_500,
        piaac_per_wave=4_000,
        liss_panel=20_000,
        dhs_panel=15_000,
        courses_per_year=40_000,
    ),
}


def national_fraction(fraction: float) -> Scale:
    """National scale x ``fraction`` for the population (and so Polis) and the EBB sample;
    the surveys, panels and the training offer keep their real sizes. Named
    ``national-<fraction>`` (e.g. ``national-0.01``), for benchmarks between small and
    national."""
    if not 0 < fraction <= 1:
        raise ValueError(f"fraction must be in (0, 1], got {fraction}")
    base = SCALES["national"]
    persons = max(1_000, round(base.persons * fraction))
    return replace(
        base,
        name=f"national-{fraction:g}",
        persons=persons,
        chunk=min(base.chunk, persons),
        ebb_per_quarter=max(100, round(base.ebb_per_quarter * fraction)),
    )


def get_scale(name: str) -> Scale:
    """A scale by name: one of SCALES, or ``national-<fraction>``."""
    if name in SCALES:
        return SCALES[name]
    if name.startswith("national-"):
        return national_fraction(float(name.removeprefix("national-")))
    raise KeyError(f"unknown scale {name!r}; choose from {sorted(SCALES)} or national-<fraction>")


# --- regions ------------------------------------------------------------------------------
# Total population in thousands (approx. 2024) per arbeidsmarktregio, for the size of the
# region blocks of the synthetic population.
REGION_POPULATION_K = {
    "AM01": 740,
    "AM02": 660,
    "AM03": 330,
    "AM05": 630,
    "AM06": 530,
    "AM07": 420,
    "AM08": 350,
    "AM09": 390,
    "AM10": 260,
    "AM11": 400,
    "AM12": 260,
    "AM13": 950,
    "AM14": 330,
    "AM15": 680,
    "AM17": 350,
    "AM18": 1500,
    "AM19": 580,
    "AM20": 260,
    "AM21": 900,
    "AM22": 1450,
    "AM23": 290,
    "AM24": 390,
    "AM25": 690,
    "AM26": 480,
    "AM27": 680,
    "AM28": 790,
    "AM29": 290,
    "AM30": 600,
    "AM32": 290,
    "AM33": 240,
    "AM34": 380,
    "AM35": 200,
    "AM36": 680,
    "AM37": 440,
    "AM38": 360,
}
# Regions with population decline (krimpregio's): older, lower educated, train less.
SHRINKING_REGIONS = {"AM30": 1.0, "AM01": 0.7, "AM09": 0.9, "AM24": 0.9}
# Other regions with an older population (anticipeerregio's), milder.
AGEING_REGIONS = {"AM03": 0.5, "AM02": 0.35, "AM33": 0.35, "AM29": 0.25}
# Young, highly educated urban regions.
URBAN_REGIONS = {"AM18": 1.0, "AM13": 0.9, "AM21": 0.4, "AM22": 0.3, "AM28": 0.4, "AM08": 0.3}
COMMUTING_HUBS = ["AM18", "AM13", "AM22", "AM21", "AM28"]

# --- occupations (BRC classes) -----------------------------------------------------------
# Share of employment per beroepsklasse (approx., CBS 85388NED, rounded).
CLASS_SHARE = {
    "01": 0.060,
    "02": 0.025,
    "03": 0.105,
    "04": 0.150,
    "05": 0.055,
    "06": 0.040,
    "07": 0.150,
    "08": 0.045,
    "09": 0.020,
    "10": 0.140,
    "11": 0.085,
    "12": 0.070,
    "13": 0.010,
}
# Relative presence of women per class (multiplier on the class share for women; men 1/x).
CLASS_FEMALE = {
    "01": 2.2,
    "02": 1.0,
    "03": 1.1,
    "04": 1.2,
    "05": 0.6,
    "06": 0.7,
    "07": 0.2,
    "08": 0.3,
    "09": 0.5,
    "10": 3.5,
    "11": 1.3,
    "12": 0.3,
    "13": 1.0,
}
# Mean gross hourly wage in euro, 2024 (approx.).
CLASS_WAGE = {
    "01": 30.0,
    "02": 26.0,
    "03": 24.0,
    "04": 30.0,
    "05": 42.0,
    "06": 32.0,
    "07": 25.0,
    "08": 36.0,
    "09": 19.0,
    "10": 26.0,
    "11": 17.0,
    "12": 21.0,
    "13": 18.0,
}
# Self-employment propensity per class.
CLASS_SELF = {
    "01": 0.08,
    "02": 0.40,
    "03": 0.12,
    "04": 0.08,
    "05": 0.20,
    "06": 0.03,
    "07": 0.14,
    "08": 0.15,
    "09": 0.45,
    "10": 0.08,
    "11": 0.15,
    "12": 0.08,
    "13": 0.05,
}
# Sector mix (SBI sections) per class.
CLASS_SECTORS = {
    "01": {"P": 0.84, "Q": 0.05, "R": 0.05, "O": 0.03, "N": 0.02, "S": 0.01},
    "02": {"J": 0.35, "R": 0.29, "M": 0.20, "C": 0.05, "G": 0.05, "P": 0.05, "S": 0.01},
    "03": {"G": 0.69, "N": 0.08, "K": 0.05, "C": 0.07, "J": 0.05, "M": 0.05, "I": 0.01},
    "04": {
        "O": 0.12,
        "K": 0.13,
        "M": 0.18,
        "N": 0.10,
        "G": 0.12,
        "C": 0.08,
        "Q": 0.08,
        "H": 0.06,
        "J": 0.06,
        "P": 0.04,
        "L": 0.02,
        "U": 0.005,
        "E": 0.005,
    },
    "05": {
        "G": 0.18,
        "C": 0.12,
        "M": 0.12,
        "Q": 0.10,
        "O": 0.08,
        "K": 0.08,
        "J": 0.08,
        "I": 0.08,
        "H": 0.06,
        "P": 0.05,
        "F": 0.05,
    },
    "06": {"O": 0.60, "N": 0.15, "M": 0.15, "K": 0.05, "Q": 0.05},
    "07": {
        "C": 0.37,
        "F": 0.30,
        "M": 0.08,
        "D": 0.04,
        "E": 0.04,
        "G": 0.08,
        "H": 0.04,
        "B": 0.02,
        "N": 0.03,
    },
    "08": {"J": 0.55, "M": 0.15, "K": 0.10, "O": 0.07, "C": 0.08, "G": 0.05},
    "09": {"A": 0.75, "N": 0.10, "O": 0.05, "G": 0.05, "C": 0.05},
    "10": {"Q": 0.88, "P": 0.03, "O": 0.04, "N": 0.05},
    "11": {"I": 0.45, "N": 0.25, "S": 0.12, "Q": 0.08, "G": 0.04, "P": 0.05, "T": 0.01},
    "12": {"H": 0.60, "G": 0.20, "C": 0.10, "N": 0.08, "F": 0.02},
    "13": {"G": 0.2, "C": 0.2, "N": 0.2, "S": 0.2, "Q": 0.2},
}

# --- business cycle -----------------------------------------------------------------------
# Employment shift per calendar year (in probability points, approx. shape of the cycle).
CYCLE = {
    2002: -0.01,
    2003: -0.03,
    2004: -0.035,
    2005: -0.03,
    2006: 0.0,
    2007: 0.01,
    2008: 0.015,
    2009: 0.0,
    2010: -0.01,
    2011: -0.015,
    2012: -0.03,
    2013: -0.045,
    2014: -0.045,
    2015: -0.03,
    2016: -0.02,
    2017: 0.0,
    2018: 0.015,
    2019: 0.025,
    2020: 0.01,
    2021: 0.025,
    2022: 0.04,
    2023: 0.04,
    2024: 0.035,
}

_uncalibrated = sorted(set(range(FIRST_YEAR, LAST_YEAR + 1)) - set(CYCLE))
if _uncalibrated:
    raise ValueError(
        f"the contracts cover {FIRST_YEAR}-{LAST_YEAR}; add the years "
        f"{_uncalibrated} to CYCLE in synthetic/config.py"
    )
