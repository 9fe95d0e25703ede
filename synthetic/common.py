"""Shared helpers for the source generators: dates, age groups, post-stratification."""

from __future__ import annotations

import math

import numpy as np

from . import config as C
from .population import EMPLOYEE, SELF_EMPLOYED, day_of

AGE_BREAKS_EBB = [15, 25, 45, 65, 75]  # 4 groups
AGE_BREAKS_SURVEY = [16, 25, 35, 45, 55, 65, 75]  # 6 groups


def age_group(age: np.ndarray, breaks: list[int]) -> np.ndarray:
    return np.clip(np.searchsorted(breaks, age, side="right") - 1, 0, len(breaks) - 2)


def is_working(state: np.ndarray) -> np.ndarray:
    return (state == EMPLOYEE) | (state == SELF_EMPLOYED)


def quarter_day(period: str) -> int:
    """Reference day of an EBB quarter: the middle of the quarter."""
    year, q = int(period[:4]), int(period[-1])
    return day_of(f"{year}-{3 * q - 1:02d}-15")


def survey_day(year: int) -> int:
    """Reference day (fieldwork) of a survey wave."""
    return day_of(f"{year}-04-01")


def real_population(year: int) -> float:
    years = sorted(C.REAL_POPULATION_15_74)
    return float(np.interp(year, years, [C.REAL_POPULATION_15_74[y] for y in years]))


_erf = np.vectorize(math.erf, otypes=[float])


def norm_cdf(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + _erf(np.asarray(x, dtype=float) / math.sqrt(2.0)))


def poststratify(
    cell: np.ndarray, population: np.ndarray, fallback: np.ndarray, fallback_population: np.ndarray
) -> np.ndarray:
    """Weights N_cell / n_cell; cells without respondents are folded into their fallback
    group (e.g. the region) by scaling that group's other respondents."""
    n_cells = len(population)
    n = np.bincount(cell, minlength=n_cells).astype(float)
    w = np.where(n[cell] > 0, population[cell] / np.maximum(n[cell], 1), 0.0)
    covered = np.bincount(fallback, weights=w, minlength=len(fallback_population))
    factor = np.where(covered > 0, fallback_population / np.maximum(covered, 1e-12), 0.0)
    return w * factor[fallback]


NOT_MERGED = {"pop", "group_dev", "sources", "nss_dims", "llo_dims", "quarters", "days"}


def aggregate_state(obj) -> dict:
    """The additive state of an aggregator (arrays, numbers and dicts of them)."""
    return {k: v for k, v in vars(obj).items() if k not in NOT_MERGED}


def merge_state(obj, state: dict) -> None:
    """Add a partial state (from one chunk) into an aggregator, in the same order of
    additions as the sequential pass, so results are bit-identical."""
    for name, value in state.items():
        setattr(obj, name, _merge(getattr(obj, name), value))


def _merge(target, value):
    if isinstance(value, dict):
        out = dict(target)
        for key, item in value.items():
            out[key] = _merge(out[key], item) if key in out else item
        return out
    return target + value
