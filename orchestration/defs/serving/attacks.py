"""The attacker in the output check: try to recover hidden values from the published marts.

The output check of ``publish.py`` looks at each row alone. This module combines rows and
tables the way an outside reader could, and refuses publication when that recovers a value
exactly (docs/methods.md 4.5):

* ``exact_n``: an exact count published next to a rounded one of the same cell;
* ``derived_ratio``: shares, ratios and growth computed over the unrounded counts pin the
  integer inside the rounding interval;
* ``sum_of_rounded_parts``: interval propagation of rounded or suppressed parts against a
  published total;
* ``linear_differencing``: exact published sums (margins such as NL or 'totaal', overlapping
  pools of years) determine a suppressed or unpublished cell (rank test per connected group);
* ``cross_table``: a cell suppressed in one table or breakdown is published in another view
  of the same population.

The attacks are generic; what a mart publishes is *declared* in its yml
(``meta: disclosure_attacks:``, a list of attack views, read from the dbt manifest). Each view
has a ``published_sql`` over ``marts.<table>`` only and a ``truth_sql`` over the build
database. The attack functions receive only the published frames; the truth is read
afterwards, only to confirm candidates (``confirm``). A candidate counts as recovered when it
equals the truth exactly (integers) or within 1e-9 relative.

``python -m orchestration.defs.serving.attacks <build.duckdb>`` prints the results.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np

PUBLISHED_SCHEMA = "marts"
ATTACKS_SWITCH = "LLO_DISCLOSURE_ATTACKS"  # 'off' only in tests and benchmarks
RELATIVE_TOLERANCE = 1e-9
MAX_INTERVAL = 2000  # widest integer interval searched by derived_ratio
MAX_ATOMS = 6000  # largest connected group linear_differencing solves


class DeclarationError(ValueError):
    """A disclosure_attacks declaration in a mart's yml is malformed."""


# --- declarations ------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    """A derived column. kind 'ratio': column = numerator / denominator * scale;
    'growth': column = (q_t / q_{t-1} - 1) * scale, q_{t-1} the cell with ``lag`` minus 1."""

    column: str
    kind: str
    denominator: str | None = None
    numerator: str | None = None
    quantity: str | None = None
    lag: str | None = None
    scale: float = 1.0


@dataclass(frozen=True)
class View:
    model: str
    name: str
    published_sql: str
    truth_sql: str
    cell: tuple[str, ...]
    population: str
    rounded_counts: dict[str, str] = field(default_factory=dict)
    exact_counts: dict[str, str] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    ratios: tuple[Ratio, ...] = ()
    margins: dict[str, object] = field(default_factory=dict)
    pools: tuple[str, str] | None = None
    additive: tuple[str, ...] | None = None  # quantities that add up over margins and pools

    def adds_up(self, quantity: str) -> bool:
        return self.additive is None or quantity in self.additive

    @property
    def table(self) -> str:
        return self.model

    def quantity_columns(self) -> dict[str, tuple[str, str]]:
        """Published column -> (quantity, role)."""
        out = {c: (q, "rounded") for c, q in self.rounded_counts.items()}
        out.update({c: (q, "exact") for c, q in self.exact_counts.items()})
        out.update({c: (q, "value") for c, q in self.values.items()})
        return out


_VIEW_KEYS = {
    "name",
    "published_sql",
    "truth_sql",
    "cell",
    "population",
    "rounded_counts",
    "exact_counts",
    "values",
    "ratios",
    "margins",
    "pools",
    "additive",
}
_RATIO_KEYS = {"column", "kind", "denominator", "numerator", "quantity", "lag", "scale"}


def parse_view(model: str, raw: object) -> View:
    """One attack view from a yml declaration; errors name the model and the key."""

    def fail(key: str, why: str) -> DeclarationError:
        return DeclarationError(f"{model}: disclosure_attacks.{key}: {why}")

    if not isinstance(raw, dict):
        raise fail("<view>", "each attack view must be a mapping")
    unknown = set(raw) - _VIEW_KEYS
    if unknown:
        raise fail(sorted(unknown)[0], "unknown key")
    for key in ("name", "published_sql", "truth_sql", "cell", "population"):
        if not raw.get(key):
            raise fail(key, "is required")
    name = str(raw["name"])
    published_sql = str(raw["published_sql"])
    if f"{PUBLISHED_SCHEMA}.{model}" not in published_sql:
        raise fail(f"{name}.published_sql", f"must select from {PUBLISHED_SCHEMA}.{model}")
    cell = raw["cell"]
    if not isinstance(cell, list) or not all(isinstance(c, str) for c in cell):
        raise fail(f"{name}.cell", "must be a list of column names")
    for key in ("rounded_counts", "exact_counts", "values", "margins"):
        if not isinstance(raw.get(key, {}), dict):
            raise fail(f"{name}.{key}", "must be a mapping")
    ratios = []
    for i, r in enumerate(raw.get("ratios", []) or []):
        if not isinstance(r, dict) or set(r) - _RATIO_KEYS:
            raise fail(f"{name}.ratios[{i}]", f"must be a mapping with keys {sorted(_RATIO_KEYS)}")
        kind = r.get("kind")
        if kind == "ratio" and not (r.get("column") and r.get("denominator")):
            raise fail(f"{name}.ratios[{i}]", "a ratio needs column and denominator")
        elif kind == "growth" and not (r.get("column") and r.get("quantity") and r.get("lag")):
            raise fail(f"{name}.ratios[{i}]", "a growth needs column, quantity and lag")
        elif kind not in ("ratio", "growth"):
            raise fail(f"{name}.ratios[{i}].kind", "must be 'ratio' or 'growth'")
        ratios.append(Ratio(**{**r, "scale": float(r.get("scale", 1.0))}))
    pools = raw.get("pools")
    if pools is not None:
        if not isinstance(pools, dict) or set(pools) != {"from", "to"}:
            raise fail(f"{name}.pools", "must be a mapping with keys from and to")
        pools = (str(pools["from"]), str(pools["to"]))
        if not set(pools) <= set(cell):
            raise fail(f"{name}.pools", "from and to must be cell columns")
    margins = dict(raw.get("margins", {}) or {})
    if not set(margins) <= set(cell):
        raise fail(f"{name}.margins", "margin columns must be cell columns")
    additive = raw.get("additive")
    if additive is not None:
        if not isinstance(additive, list):
            raise fail(f"{name}.additive", "must be a list of quantities")
        additive = tuple(str(q) for q in additive)
    return View(
        model=model,
        name=name,
        published_sql=published_sql,
        truth_sql=str(raw["truth_sql"]),
        cell=tuple(cell),
        population=str(raw["population"]),
        rounded_counts=dict(raw.get("rounded_counts", {}) or {}),
        exact_counts=dict(raw.get("exact_counts", {}) or {}),
        values=dict(raw.get("values", {}) or {}),
        ratios=tuple(ratios),
        margins=margins,
        pools=pools,
        additive=additive,
    )


def load_declarations(manifest_path: Path) -> list[View]:
    """Every attack view declared in the marts of the dbt manifest."""
    manifest = json.loads(Path(manifest_path).read_text())
    views: list[View] = []
    for node in manifest["nodes"].values():
        if node.get("resource_type") != "model":
            continue
        raw = (node.get("config", {}).get("meta") or {}).get("disclosure_attacks")
        if raw is None:
            continue
        if not isinstance(raw, list):
            raise DeclarationError(f"{node['name']}: disclosure_attacks: must be a list of views")
        views.extend(parse_view(node["name"], item) for item in raw)
    by_population: dict[str, tuple[str, ...]] = {}
    for view in views:
        cells = by_population.setdefault(view.population, view.cell)
        if cells != view.cell:
            raise DeclarationError(
                f"{view.model}: disclosure_attacks.{view.name}.cell: views of population "
                f"{view.population!r} must share the cell columns {list(cells)}"
            )
    return views


# --- published frames and knowledge -------------------------------------------------------


def _norm(value: object) -> object:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, float):
        return value
    return str(value)


@dataclass
class Published:
    view: View
    rows: list[dict[str, object]]

    def key(self, row: dict[str, object]) -> tuple:
        return tuple(_norm(row[c]) for c in self.view.cell)


def read_published(con: duckdb.DuckDBPyConnection, views: Iterable[View]) -> list[Published]:
    """Run each view's published_sql (on the marts schema); views of absent tables are skipped."""
    present = {
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema = ?",
            [PUBLISHED_SCHEMA],
        ).fetchall()
    }
    frames = []
    for view in views:
        if view.model not in present:
            continue
        cursor = _run_declared_sql(con, view, "published_sql")
        names = [d[0] for d in cursor.description]
        missing = [c for c in (*view.cell, *view.quantity_columns()) if c not in names]
        missing += [r.column for r in view.ratios if r.column not in names]
        if missing:
            raise DeclarationError(
                f"{view.model}: disclosure_attacks.{view.name}.published_sql: "
                f"returns no column {missing[0]!r}"
            )
        frames.append(
            Published(view, [dict(zip(names, row, strict=True)) for row in cursor.fetchall()])
        )
    return frames


@dataclass(frozen=True)
class Candidate:
    attack: str
    table: str
    column: str
    population: str
    quantity: str
    cell: tuple[str, ...]
    key: tuple
    value: float

    def describe(self) -> str:
        keys = ", ".join(f"{c}={v}" for c, v in zip(self.cell, self.key, strict=True))
        value = int(self.value) if float(self.value).is_integer() else self.value
        return f"{self.table}.{self.column} at ({keys}): {self.quantity} = {value}"


@dataclass
class Outcome:
    """What one attack did on one table."""

    attack: str
    table: str
    columns: set[str] = field(default_factory=set)
    tried: set = field(default_factory=set)
    candidates: dict = field(default_factory=dict)
    recovered: list[Candidate] = field(default_factory=list)

    @property
    def example(self) -> str:
        if not self.recovered:
            return ""
        return min(self.recovered, key=lambda c: (c.column, str(c.key))).describe()


class Board:
    """The attacks' shared notes: cells tried and candidates, per attack and table."""

    def __init__(self) -> None:
        self.outcomes: dict[tuple[str, str], Outcome] = {}

    def _get(self, attack: str, table: str) -> Outcome:
        return self.outcomes.setdefault((attack, table), Outcome(attack, table))

    def tried(self, attack: str, table: str, column: str, key: tuple) -> None:
        outcome = self._get(attack, table)
        outcome.columns.add(column)
        outcome.tried.add((column, key))

    def candidate(self, candidate: Candidate) -> None:
        outcome = self._get(candidate.attack, candidate.table)
        outcome.columns.add(candidate.column)
        outcome.candidates.setdefault(
            (candidate.column, candidate.quantity, candidate.key), candidate
        )


@dataclass
class Knowledge:
    """What the published frames say about each (population, quantity, cell)."""

    rounding: int
    frames: list[Published]
    # (population, quantity, key) -> [lo, hi] (integers; hi may be inf)
    interval: dict[tuple, list[float]] = field(default_factory=dict)
    exact: dict[tuple, float] = field(default_factory=dict)
    # where each quantity is shown: (population, quantity, key) -> [(table, column, role, value)]
    shown: dict[tuple, list] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, frames: list[Published], rounding: int) -> Knowledge:
        k = cls(rounding, frames)
        half = rounding / 2
        for frame in frames:
            view = frame.view
            for row in frame.rows:
                key = frame.key(row)
                columns = view.quantity_columns()
                shown_in_row = {q for c, (q, _) in columns.items() if row[c] is not None}
                for column, (quantity, role) in columns.items():
                    value = row[column]
                    ident = (view.population, quantity, key)
                    if value is None and quantity in shown_in_row:
                        continue  # another column of the row shows it: not hidden here
                    k.shown[ident].append((view.model, column, role, value))
                    if value is None:
                        continue
                    value = float(value)
                    if role == "exact":
                        k.exact[ident] = value
                        k._narrow(ident, value, value)
                    elif role == "rounded":
                        low = math.ceil(value - half)
                        high = math.floor(value + half)
                        k._narrow(ident, max(0, low) if value >= 0 else low, high)
        return k

    def _narrow(self, ident: tuple, lo: float, hi: float) -> None:
        current = self.interval.get(ident, [-math.inf, math.inf])
        self.interval[ident] = [max(current[0], lo), min(current[1], hi)]

    def published_exactly(self, ident: tuple) -> bool:
        return any(
            role in ("exact", "value") and value is not None
            for _, _, role, value in self.shown.get(ident, [])
        )

    def rounded_value(self, ident: tuple) -> int | None:
        """The rounded value a cell's quantity is published with, if any."""
        for _, _, role, value in self.shown.get(ident, []):
            if role == "rounded" and value is not None:
                return round(float(value))
        return None

    def targets_of(self, ident: tuple) -> list[tuple[str, str]]:
        """Each table (with one column) where a quantity of a cell is shown hidden: rounded
        or NULL."""
        found: dict[str, str] = {}
        for table, column, role, value in self.shown.get(ident, []):
            if role == "rounded" or value is None:
                found.setdefault(table, column)
        return list(found.items())


# --- the attacks (published frames only) --------------------------------------------------


def attack_exact_n(k: Knowledge, board: Board) -> None:
    """An exact count within the rounding interval of a rounded count of the same cell."""
    for ident, shows in k.shown.items():
        for table, column, role, value in shows:
            if role != "rounded" or value is None:
                continue
            board.tried("exact_n", table, column, ident[2])
            if ident in k.exact and abs(k.exact[ident] - float(value)) <= k.rounding / 2:
                board.candidate(
                    Candidate(
                        "exact_n",
                        table,
                        column,
                        ident[0],
                        ident[1],
                        _cell_of(k, ident[0]),
                        ident[2],
                        k.exact[ident],
                    )
                )


def _cell_of(k: Knowledge, population: str) -> tuple[str, ...]:
    for frame in k.frames:
        if frame.view.population == population:
            return frame.view.cell
    return ()


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= RELATIVE_TOLERANCE * max(1.0, abs(a), abs(b))


def _integers(interval: list[float] | None) -> range | None:
    if interval is None or not math.isfinite(interval[1]):
        return None
    lo, hi = math.ceil(interval[0]), math.floor(interval[1])
    if hi - lo > MAX_INTERVAL or hi < lo:
        return None
    return range(lo, hi + 1)


def attack_derived_ratio(k: Knowledge, board: Board) -> None:
    """Ratios and growth over unrounded counts: the integers that reproduce them exactly."""
    for frame in k.frames:
        view = frame.view
        index = {frame.key(row): row for row in frame.rows}
        for ratio in view.ratios:
            for key, row in index.items():
                value = row.get(ratio.column)
                if value is None:
                    continue
                value = float(value)
                if ratio.kind == "ratio":
                    _solve_ratio(k, board, view, ratio, key, value)
                else:
                    _solve_growth(k, board, view, ratio, key, value)


def _propose(k, board, view, quantity, key, value, column_hint) -> None:
    ident = (view.population, quantity, key)
    if k.published_exactly(ident):
        return
    if any(
        role == "rounded" and v is not None and float(v) == float(value)
        for _, _, role, v in k.shown.get(ident, [])
    ):
        # the figure may be computed from the rounded count itself: no evidence
        return
    for table, column in k.targets_of(ident) or [(view.model, column_hint)]:
        board.candidate(
            Candidate(
                "derived_ratio",
                table,
                column,
                view.population,
                quantity,
                view.cell,
                key,
                float(value),
            )
        )


def _tried_ratio(k, board, view, ratio, ident) -> None:
    """A hidden count behind a derived figure is a cell tried (where it is shown rounded or
    NULL; an unpublished count under the derived column)."""
    if ident[1] is None or k.published_exactly(ident):
        return
    for table, column in k.targets_of(ident) or [(view.model, ratio.column)]:
        board.tried("derived_ratio", table, column, ident[2])


def _solve_ratio(k, board, view, ratio, key, value) -> None:
    pop = view.population
    den_range = _integers(k.interval.get((pop, ratio.denominator, key)))
    numerator = k.exact.get((pop, ratio.numerator, key)) if ratio.numerator else None
    if den_range is None and numerator is not None and value != 0:
        # a published total next to its mean: the count is total / mean
        den = round(numerator * ratio.scale / value)
        den_range = range(den, den + 1)
    if den_range is None:
        return
    num_interval = k.interval.get((pop, ratio.numerator, key)) if ratio.numerator else None
    num_interval = num_interval or [0.0, math.inf]
    _tried_ratio(k, board, view, ratio, (pop, ratio.denominator, key))
    _tried_ratio(k, board, view, ratio, (pop, ratio.numerator, key))
    pairs = []
    for den in den_range:
        if den <= 0:
            continue
        num = round(value / ratio.scale * den)
        if num < num_interval[0] or num > num_interval[1]:
            continue
        if _same(num / den * ratio.scale, value):
            pairs.append((num, den))
    if not pairs:
        return
    den_shown = k.rounded_value((pop, ratio.denominator, key))
    num_shown = k.rounded_value((pop, ratio.numerator, key)) if ratio.numerator else None
    if den_shown is not None and any(
        d == den_shown and (n == num_shown if num_shown is not None else n % k.rounding == 0)
        for n, d in pairs
    ):
        return  # the rounded counts reproduce the figure: it may be computed from them
    dens = {d for _, d in pairs}
    nums = {n for n, _ in pairs}
    if len(dens) == 1:
        _propose(k, board, view, ratio.denominator, key, dens.pop(), ratio.column)
    if ratio.numerator and len(nums) == 1:
        _propose(k, board, view, ratio.numerator, key, nums.pop(), ratio.column)


def _solve_growth(k, board, view, ratio, key, value) -> None:
    pop = view.population
    lag_index = view.cell.index(ratio.lag)
    previous = tuple(v - 1 if i == lag_index else v for i, v in enumerate(key))
    now_range = _integers(k.interval.get((pop, ratio.quantity, key)))
    before_range = _integers(k.interval.get((pop, ratio.quantity, previous)))
    if now_range is None or before_range is None:
        return
    _tried_ratio(k, board, view, ratio, (pop, ratio.quantity, key))
    _tried_ratio(k, board, view, ratio, (pop, ratio.quantity, previous))
    pairs = [
        (a, b)
        for a in now_range
        for b in before_range
        if b > 0 and _same((a / b - 1) * ratio.scale, value)
    ]
    if not pairs:
        return
    shown = (
        k.rounded_value((pop, ratio.quantity, key)),
        k.rounded_value((pop, ratio.quantity, previous)),
    )
    if shown in pairs:
        return  # the rounded counts reproduce the growth: it may be computed from them
    if len({a for a, _ in pairs}) == 1:
        _propose(k, board, view, ratio.quantity, key, pairs[0][0], ratio.column)
    if len({b for _, b in pairs}) == 1:
        _propose(k, board, view, ratio.quantity, previous, pairs[0][1], ratio.column)


def _by_population(k: Knowledge) -> dict[str, list[Published]]:
    by_pop: dict[str, list[Published]] = defaultdict(list)
    for frame in k.frames:
        by_pop[frame.view.population].append(frame)
    return by_pop


def _additive(frames: list[Published], quantity: str) -> bool:
    return all(f.view.adds_up(quantity) for f in frames)


def _margin_groups(k: Knowledge) -> Iterable[tuple[str, str, tuple, list[tuple]]]:
    """(population, quantity, total key, part keys) for every margin of a population: the
    margins declared by any of its views, over the cells published in all of them."""
    for pop, frames in _by_population(k).items():
        cell = frames[0].view.cell
        keys = {f.key(row) for f in frames for row in f.rows}
        margins = {c: _norm(v) for f in frames for c, v in f.view.margins.items()}
        quantities = {
            q
            for f in frames
            for q in (*f.view.rounded_counts.values(), *f.view.exact_counts.values())
            if _additive(frames, q)
        }
        for column, margin in margins.items():
            i = cell.index(column)
            members: dict[tuple, list[tuple]] = defaultdict(list)
            for key in keys:
                if key[i] != margin:
                    members[key[:i] + key[i + 1 :]].append(key)
            for rest, parts in members.items():
                total = (*rest[:i], margin, *rest[i:])
                if total not in keys:
                    continue
                for quantity in sorted(quantities):
                    yield pop, quantity, total, sorted(parts, key=str)


def attack_sum_of_rounded_parts(k: Knowledge, board: Board) -> None:
    """Interval propagation: parts within their rounding intervals add up to the total."""
    groups = list(_margin_groups(k))
    bounds = {ident: list(b) for ident, b in k.interval.items()}

    def get(ident):
        return bounds.setdefault(ident, [0.0, math.inf])

    for _ in range(4):
        changed = False
        for pop, quantity, total, parts in groups:
            t = get((pop, quantity, total))
            cells = [get((pop, quantity, p)) for p in parts]
            lo_sum = sum(c[0] for c in cells)
            hi_sum = sum(c[1] for c in cells)
            for c in cells:
                new_lo = max(c[0], t[0] - (hi_sum - c[1]))
                new_hi = min(c[1], t[1] - (lo_sum - c[0]))
                if (new_lo, new_hi) != (c[0], c[1]) and new_lo <= new_hi:
                    c[0], c[1] = new_lo, new_hi
                    changed = True
            new = [max(t[0], lo_sum), min(t[1], hi_sum)]
            if new != t and new[0] <= new[1]:
                t[:] = new
                changed = True
        if not changed:
            break
    for pop, quantity, total, parts in groups:
        for key in [total, *parts]:
            ident = (pop, quantity, key)
            if k.published_exactly(ident):
                continue
            lo, hi = bounds[ident]
            for table, column in k.targets_of(ident):
                board.tried("sum_of_rounded_parts", table, column, key)
                if lo == hi:
                    board.candidate(
                        Candidate(
                            "sum_of_rounded_parts",
                            table,
                            column,
                            pop,
                            quantity,
                            _cell_of(k, pop),
                            key,
                            lo,
                        )
                    )


def attack_linear_differencing(k: Knowledge, board: Board) -> None:
    """Exact published sums over atomic cells; a hidden cell whose indicator lies in the row
    space of the equations is determined (rank test per connected group)."""
    for pop, frames in _by_population(k).items():
        view = frames[0].view
        cell = view.cell
        margins = {}
        for f in frames:
            margins.update({c: _norm(v) for c, v in f.view.margins.items()})
        pools = next((f.view.pools for f in frames if f.view.pools), None)
        keys = {f.key(row) for f in frames for row in f.rows}
        values_per_dim = [
            sorted({key[i] for key in keys if key[i] != margins.get(c, object())}, key=str)
            for i, c in enumerate(cell)
        ]
        quantities = {
            q for f in frames for q in f.view.exact_counts.values() if _additive(frames, q)
        }
        for quantity in quantities:
            _differencing(k, board, pop, quantity, cell, keys, values_per_dim, margins, pools)


def _atoms_of(key, cell, values_per_dim, margins, pools) -> list[tuple] | None:
    choices = []
    pool_idx = (cell.index(pools[0]), cell.index(pools[1])) if pools else None
    for i, c in enumerate(cell):
        if pool_idx and i in pool_idx:
            choices.append([None])
            continue
        if c in margins and key[i] == margins[c]:
            choices.append(values_per_dim[i])
        else:
            choices.append([key[i]])
    atoms = []
    years = [None]
    if pool_idx:
        start, end = key[pool_idx[0]], key[pool_idx[1]]
        if not isinstance(start, int) or not isinstance(end, int):
            return None
        years = range(start, end + 1)
    for combo in itertools.product(*choices):
        for year in years:
            atom = list(combo)
            if pool_idx:
                atom[pool_idx[0]] = atom[pool_idx[1]] = year
            atoms.append(tuple(atom))
    return atoms


def _differencing(k, board, pop, quantity, cell, keys, values_per_dim, margins, pools) -> None:
    equations, targets = [], []
    for key in keys:
        ident = (pop, quantity, key)
        atoms = _atoms_of(key, cell, values_per_dim, margins, pools)
        if not pools and atoms:
            # without pools a margin adds up the parts published (like sum_of_rounded_parts)
            atoms = [a for a in atoms if a in keys] or atoms
        if not atoms:
            continue
        if ident in k.exact:
            equations.append((atoms, k.exact[ident]))
        else:
            for target in k.targets_of(ident):
                targets.append((key, atoms, target))
    if not equations:
        return
    # unpublished atoms (e.g. single years inside published pools) are targets as well
    published = set(keys)
    pool_table = next(
        (f.view.model for f in k.frames if f.view.population == pop and f.view.pools), None
    )
    if pools and pool_table:
        column = next(
            c
            for f in k.frames
            if f.view.population == pop
            for c, q in f.view.exact_counts.items()
            if q == quantity
        )
        for atom in {a for atoms, _ in equations for a in atoms}:
            if atom not in published:
                targets.append((atom, [atom], (pool_table, column)))
    # connected groups of atoms (union-find)
    parent: dict[tuple, tuple] = {}

    def find(a):
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for atoms, _ in equations:
        find(atoms[0])
        for a in atoms[1:]:
            ra, rb = find(atoms[0]), find(a)
            if ra != rb:
                parent[ra] = rb
    for _, atoms, _ in targets:  # a target spanning groups joins them
        if all(a in parent for a in atoms):
            for a in atoms[1:]:
                ra, rb = find(atoms[0]), find(a)
                if ra != rb:
                    parent[ra] = rb
    groups: dict[tuple, dict] = defaultdict(lambda: {"eq": [], "targets": []})
    for atoms, value in equations:
        groups[find(atoms[0])]["eq"].append((atoms, value))
    for key, atoms, target in targets:
        roots = {find(a) for a in atoms if a in parent}
        board.tried("linear_differencing", target[0], target[1], key)
        if len(roots) == 1 and all(a in parent for a in atoms):
            groups[roots.pop()]["targets"].append((key, atoms, target))
    for group in groups.values():
        if group["targets"]:
            _solve_group(board, pop, quantity, cell, group["eq"], group["targets"])


def _solve_group(board, pop, quantity, cell, equations, targets) -> None:
    atoms = sorted({a for eq, _ in equations for a in eq}, key=str)
    if len(atoms) > MAX_ATOMS:
        return
    index = {a: i for i, a in enumerate(atoms)}
    a_matrix = np.zeros((len(equations), len(atoms)))
    b = np.zeros(len(equations))
    for row, (eq, value) in enumerate(equations):
        for a in eq:
            a_matrix[row, index[a]] = 1.0
        b[row] = value
    _, s, vt = np.linalg.svd(a_matrix, full_matrices=True)
    rank = int((s > 1e-9 * max(1.0, s[0] if len(s) else 0)).sum())
    null_space = vt[rank:]  # rows spanning the null space of a_matrix
    solution = np.linalg.lstsq(a_matrix, b, rcond=None)[0]
    for key, target_atoms, (table, column) in targets:
        t = np.zeros(len(atoms))
        for a in target_atoms:
            t[index[a]] = 1.0
        if null_space.size and np.abs(null_space @ t).max() > 1e-7:
            continue
        value = float(t @ solution)
        if abs(value - round(value)) < 1e-6:
            value = float(round(value))
        board.candidate(
            Candidate("linear_differencing", table, column, pop, quantity, cell, key, value)
        )


def attack_cross_table(k: Knowledge, board: Board) -> None:
    """A cell hidden in one view of a population and published in another."""
    for ident, shows in k.shown.items():
        hidden = [(t, c) for t, c, role, v in shows if v is None]
        public = [(t, c, v) for t, c, role, v in shows if v is not None and role != "rounded"]
        for table, column in hidden:
            board.tried("cross_table", table, column, ident[2])
            others = [(t, c, v) for t, c, v in public if (t, c) != (table, column)]
            if others:
                board.candidate(
                    Candidate(
                        "cross_table",
                        table,
                        column,
                        ident[0],
                        ident[1],
                        _cell_of(k, ident[0]),
                        ident[2],
                        float(others[0][2]),
                    )
                )


ATTACKS: dict[str, Callable[[Knowledge, Board], None]] = {
    "exact_n": attack_exact_n,
    "derived_ratio": attack_derived_ratio,
    "sum_of_rounded_parts": attack_sum_of_rounded_parts,
    "linear_differencing": attack_linear_differencing,
    "cross_table": attack_cross_table,
}


def _run_declared_sql(
    con: duckdb.DuckDBPyConnection, view: View, key: str
) -> duckdb.DuckDBPyConnection:
    """Run a view's published_sql or truth_sql; a failing query is a bad declaration."""
    try:
        return con.execute(getattr(view, key))
    except duckdb.Error as error:
        raise DeclarationError(
            f"{view.model}: disclosure_attacks.{view.name}.{key}: {error}"
        ) from None


# --- confirmation (the only use of the truth) ---------------------------------------------


def _truth(con: duckdb.DuckDBPyConnection, views: list[View]) -> dict[tuple, float | None]:
    truth: dict[tuple, float | None] = {}
    for view in views:
        cursor = _run_declared_sql(con, view, "truth_sql")
        names = [d[0] for d in cursor.description]
        quantities = set(view.quantity_columns().values())
        quantities = {q for q, _ in quantities}
        quantities |= {q for r in view.ratios for q in (r.numerator, r.denominator, r.quantity)}
        for row in cursor.fetchall():
            record = dict(zip(names, row, strict=True))
            key = tuple(_norm(record[c]) for c in view.cell)
            for q in quantities & set(names):
                truth[(view.population, q, key)] = record[q]
    return truth


def _pooled_truth(truth: dict, ident: tuple, pool: tuple[int, int], default) -> float | None:
    """The truth of a pooled cell: the sum of its single years (truth_sql gives years)."""
    population, quantity, key = ident
    start, end = key[pool[0]], key[pool[1]]
    if not isinstance(start, int) or not isinstance(end, int) or start == end:
        return None
    total = 0.0
    for year in range(start, end + 1):
        atom = list(key)
        atom[pool[0]] = atom[pool[1]] = year
        value = truth.get((population, quantity, tuple(atom)), default)
        if value is None:
            return None
        total += float(value)
    return total


def confirm(con: duckdb.DuckDBPyConnection, views: list[View], board: Board) -> None:
    """Compare every candidate with the unrounded, unsuppressed value of the build database."""
    counts = {q for v in views for q in (*v.rounded_counts.values(), *v.exact_counts.values())}
    counts |= {
        q for v in views for r in v.ratios for q in (r.numerator, r.denominator, r.quantity) if q
    }
    truth = _truth(con, views)
    pools = {
        v.population: (v.cell.index(v.pools[0]), v.cell.index(v.pools[1])) for v in views if v.pools
    }
    for outcome in board.outcomes.values():
        for candidate in outcome.candidates.values():
            ident = (candidate.population, candidate.quantity, candidate.key)
            default = 0 if candidate.quantity in counts else None
            actual = truth.get(ident)
            if actual is None and candidate.population in pools:
                actual = _pooled_truth(truth, ident, pools[candidate.population], default)
            actual = default if actual is None else actual
            if actual is None:
                continue
            if _same(float(actual), candidate.value) and (
                not float(actual).is_integer() or float(actual) == candidate.value
            ):
                outcome.recovered.append(candidate)


# --- running ------------------------------------------------------------------------------


def enabled_attacks(names: Iterable[str] | None = None) -> list[str]:
    if names is not None:
        return [n for n in names if n in ATTACKS]
    if os.environ.get(ATTACKS_SWITCH, "").strip().lower() == "off":
        return []
    return list(ATTACKS)


def run_attacks(
    con: duckdb.DuckDBPyConnection,
    views: list[View],
    rounding: int,
    attacks: Iterable[str] | None = None,
) -> list[Outcome]:
    """Every enabled attack on the candidate serving tables (schema marts of ``con``), then
    the candidates confirmed against the truth of the build database."""
    names = enabled_attacks(attacks)
    frames = read_published(con, views)
    knowledge = Knowledge.build(frames, rounding)
    board = Board()
    for name in names:
        ATTACKS[name](knowledge, board)
    confirm(con, [f.view for f in frames], board)
    return sorted(board.outcomes.values(), key=lambda o: (o.table, o.attack))


def refusals(outcomes: list[Outcome]) -> list[str]:
    return [
        f"{o.table} ({', '.join(sorted({c.column for c in o.recovered}))}): {o.attack} recovered "
        f"{len(o.recovered)} of {len(o.tried)} cell(s) exactly, e.g. {o.example}"
        for o in outcomes
        if o.recovered
    ]


def summary_rows(outcomes: list[Outcome]) -> list[tuple]:
    return [
        (
            o.attack,
            o.table,
            ", ".join(sorted(o.columns)),
            len(o.tried),
            len(o.candidates),
            len(o.recovered),
            o.example or None,
        )
        for o in outcomes
    ]


def main(argv: list[str] | None = None) -> int:
    from orchestration.defs.serving.publish import thresholds
    from orchestration.settings import DBT_PROJECT_DIR

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_db", type=Path)
    parser.add_argument(
        "--manifest", type=Path, default=DBT_PROJECT_DIR / "target" / "manifest.json"
    )
    parser.add_argument("--attack", action="append", help="only this attack (repeatable)")
    args = parser.parse_args(argv)
    views = load_declarations(args.manifest)
    con = duckdb.connect(str(args.build_db), read_only=True)
    try:
        outcomes = run_attacks(con, views, thresholds().person_count_rounding, args.attack)
    finally:
        con.close()
    header = ("attack", "table", "tried", "candidates", "recovered", "example")
    print("{:<21} {:<38} {:>6} {:>10} {:>9}  {}".format(*header))
    for attack, table, _, tried, cands, rec, example in summary_rows(outcomes):
        print(f"{attack:<21} {table:<38} {tried:>6} {cands:>10} {rec:>9}  {example or ''}")
    return 1 if any(o.recovered for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
