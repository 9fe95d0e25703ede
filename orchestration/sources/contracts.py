"""Machine-readable source contracts (``contracts/<source>.yml``), read by ingestion.

A contract says how a source is delivered: file format and name pattern, the period each
file covers, the grain and primary key, the person key, and every column with its type,
nullability and allowed values. ``README.md`` beside this file is the written version.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from orchestration.settings import CONTRACTS_DIR, SEEDS_DIR

DUCKDB_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "float": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
}

PERIOD_PATTERNS = {
    "quarter": r"(?P<year>\d{4})Q(?P<quarter>[1-4])",
    "year": r"(?P<year>\d{4})",
    "wave": r"(?P<year>\d{4})",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool = True
    description: str = ""
    codes: dict[str, str] | None = None
    codes_ref: str | None = None
    pattern: str | None = None
    min: float | None = None
    max: float | None = None

    @property
    def duckdb_type(self) -> str:
        return DUCKDB_TYPES[self.type]

    def allowed_codes(self) -> list[str] | None:
        """Allowed values as strings, from the inline list or the referenced seed."""
        if self.codes is not None:
            return [str(code) for code in self.codes]
        if self.codes_ref is not None:
            return seed_codes(self.codes_ref)
        return None


@dataclass(frozen=True)
class Contract:
    source: str
    title: str
    format: str
    file_pattern: str
    period: dict[str, Any]
    period_columns: dict[str, str]
    primary_key: list[str]
    person_key: str | None
    columns: list[Column]
    grain: str = ""
    csv: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def period_kind(self) -> str:
        return self.period["kind"]

    def file_regex(self) -> re.Pattern[str]:
        prefix, _, suffix = self.file_pattern.partition("{period}")
        period = PERIOD_PATTERNS[self.period_kind]
        return re.compile(
            "^" + re.escape(prefix) + "(?P<period>" + period + ")" + re.escape(suffix) + "$"
        )

    def match_file(self, relative_path: str) -> str | None:
        """The period a landing-zone file (path relative to the landing dir) is for."""
        match = self.file_regex().match(relative_path)
        return match.group("period") if match else None

    def find_files(self, landing_dir: Path) -> dict[str, Path]:
        """All delivered files of this source, keyed by period, in period order."""
        base = landing_dir / Path(self.file_pattern).parent
        found: dict[str, Path] = {}
        if not base.is_dir():
            return found
        for path in sorted(base.iterdir()):
            period = self.match_file(path.relative_to(landing_dir).as_posix())
            if period is not None and path.is_file():
                found[period] = path
        return dict(sorted(found.items()))

    def expected_periods(self) -> list[str]:
        """Every period the source is expected to have delivered (for freshness)."""
        spec = self.period
        if "values" in spec:
            return [str(value) for value in spec["values"]]
        first, last = str(spec["first"]), str(spec["last"])
        if self.period_kind == "quarter":
            periods = []
            for year in range(int(first[:4]), int(last[:4]) + 1):
                for quarter in range(1, 5):
                    key = f"{year}Q{quarter}"
                    if first <= key <= last:
                        periods.append(key)
            return periods
        step = int(spec.get("step", 1))
        return [str(year) for year in range(int(first), int(last) + 1, step)]

    def period_values(self, period: str) -> dict[str, int]:
        """The values the period columns must hold in the file for ``period``."""
        match = re.fullmatch(PERIOD_PATTERNS[self.period_kind], period)
        if match is None:
            raise ValueError(f"{self.source}: {period!r} is not a {self.period_kind} period")
        values = {"year": int(match.group("year"))}
        if self.period_kind == "quarter":
            values["quarter"] = int(match.group("quarter"))
        if self.period_kind == "wave":
            values["wave"] = values["year"]
        return {column: values[part] for part, column in self.period_columns.items()}


KNOWN_KEYS = {
    "source",
    "title",
    "format",
    "file_pattern",
    "period",
    "period_columns",
    "primary_key",
    "person_key",
    "columns",
    "grain",
    "csv",
}
COLUMN_KEYS = {
    "name",
    "type",
    "nullable",
    "description",
    "codes",
    "codes_ref",
    "pattern",
    "min",
    "max",
}


def _column(raw: dict[str, Any]) -> Column:
    known = {key: raw[key] for key in COLUMN_KEYS if key in raw}
    if known.get("codes") is not None:
        known["codes"] = {str(code): str(label) for code, label in known["codes"].items()}
    if known["type"] not in DUCKDB_TYPES:
        raise ValueError(f"column {raw['name']}: unknown type {known['type']!r}")
    return Column(**known)


def load_contract(path: Path) -> Contract:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Contract(
        source=raw["source"],
        title=raw.get("title", raw["source"]),
        format=raw["format"],
        file_pattern=raw["file_pattern"],
        period=raw["period"],
        period_columns=raw.get("period_columns", {}),
        primary_key=list(raw.get("primary_key", [])),
        person_key=raw.get("person_key"),
        columns=[_column(column) for column in raw["columns"]],
        grain=raw.get("grain", ""),
        csv=raw.get("csv") or {},
        extra={key: value for key, value in raw.items() if key not in KNOWN_KEYS},
    )


@cache
def all_contracts(contracts_dir: Path = CONTRACTS_DIR) -> dict[str, Contract]:
    contracts = {}
    for path in sorted(contracts_dir.glob("*.yml")):
        contract = load_contract(path)
        contracts[contract.source] = contract
    return contracts


@cache
def seed_codes(reference: str) -> list[str]:
    """Values of ``<seed>.<column>`` from the reference seeds, as strings."""
    seed, _, column = reference.partition(".")
    path = SEEDS_DIR / f"{seed}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return sorted({row[column] for row in csv.DictReader(handle) if row[column] != ""})
