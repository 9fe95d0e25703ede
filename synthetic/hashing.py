"""Counter-based random numbers: a value is a pure function of (seed, stream, person, k).

Person attributes and labour-market spells must be identical whether they are computed
for one survey respondent or for a chunk of the whole population, so they are not drawn
from a sequential generator but hashed from the person's index (splitmix64 finaliser).
Everything is vectorised over NumPy ``uint64`` arrays; wrap-around is intended.
"""

from __future__ import annotations

import numpy as np

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_K = np.uint64(0xD6E8FEB86659FD93)
_TWO53 = 1.0 / 9007199254740992.0


def _mix(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


def stream_key(seed: int, stream: int) -> np.uint64:
    """A 64-bit key for one named random stream of one run."""
    with np.errstate(over="ignore"):
        base = np.array([seed * 1_000_003 + stream], dtype=np.uint64)
        return _mix(base * _GOLDEN + _K)[0]


def uniform(key: np.uint64, idx: np.ndarray, k: int | np.ndarray = 0) -> np.ndarray:
    """Uniform(0, 1) per element of ``idx`` (and optional draw number ``k``)."""
    with np.errstate(over="ignore"):
        x = np.asarray(idx, dtype=np.uint64) * _GOLDEN
        x = x ^ (np.asarray(k, dtype=np.uint64) * _K + key)
        x = _mix(x)
    return ((x >> np.uint64(11)).astype(np.float64) + 0.5) * _TWO53


def uniforms3(key: np.uint64, idx: np.ndarray, k: int | np.ndarray = 0) -> tuple[np.ndarray, ...]:
    """Three independent Uniform(0, 1) values (21 bits each) from one hash per element."""
    with np.errstate(over="ignore"):
        x = np.asarray(idx, dtype=np.uint64) * _GOLDEN
        x = _mix(x ^ (np.asarray(k, dtype=np.uint64) * _K + key))
    mask = np.uint64((1 << 21) - 1)
    scale = 1.0 / (1 << 21)
    return tuple(
        ((x >> np.uint64(21 * i)) & mask).astype(np.float64) * scale + 0.5 * scale for i in range(3)
    )


def normal(key: np.uint64, idx: np.ndarray, k: int | np.ndarray = 0) -> np.ndarray:
    """Standard normal per element (Box-Muller on two hashed uniforms)."""
    k = np.asarray(k, dtype=np.int64)
    u1 = uniform(key, idx, 2 * k + 1)
    u2 = uniform(key, idx, 2 * k + 2)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


def permute_key(index: np.ndarray, salt: int, digits: int = 9) -> np.ndarray:
    """Bijective map of indices 0..(9*10^(digits-1) - 1) onto ``digits``-digit numbers.

    Used for pseudonymised keys (RINPERSOON, BEID): unique, no leading zero, and no visible
    relation to the population order.
    """
    span = 9 * 10 ** (digits - 1)
    multiplier = 48271 if digits >= 6 else 7
    offset = (salt * 2_654_435_761) % span
    value = (np.asarray(index, dtype=np.int64) * multiplier + offset) % span
    return value + 10 ** (digits - 1)
