"""Contract-checked loading of landing-zone files into the build database (``raw`` schema).

Each file is checked against its source contract before anything is written. A file that
breaks the contract raises :class:`ContractViolation`, naming the file, the column, the
first offending rows and what was expected; the build database is not touched and the file
stays in the landing zone for inspection. A valid file replaces exactly its period in
``raw.<source>`` inside one transaction and is recorded in the ingest log
(``pipeline.ingest_log``, see ``orchestration/bookkeeping.py``). A file whose
checksum was already loaded for that period is skipped, so SPSS files are parsed once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from orchestration import bookkeeping
from orchestration.settings import duckdb_config
from orchestration.sources.contracts import Column, Contract

MAX_ROWS_SHOWN = 5
MAX_FILES_SHOWN = 10
ROW_ID = "_row_number"


class ContractViolation(Exception):
    """A delivered file does not meet its source contract."""

    def __init__(self, file: Path, problems: list[str]):
        self.file = file
        self.problems = problems
        super().__init__(f"{file}: " + "; ".join(problems))


@dataclass(frozen=True)
class IngestResult:
    source: str
    period: str
    file: str
    sha256: str
    rows: int
    action: str  # 'loaded' | 'revised' | 'unchanged'


def period_year(period: str) -> str:
    """The calendar year of a period key ('2024', '2024Q3' -> '2024'): the partition key."""
    return period[:4]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _rows_text(rows: list[tuple]) -> str:
    shown = ", ".join(f"row {row[0]}" + (f" ({row[1]!r})" if len(row) > 1 else "") for row in rows)
    return shown


class _Staged:
    """A delivered file read into a temporary DuckDB table ``_staged`` (one row per data
    row, numbered from 1 in ``_row_number``), with all columns as delivered."""

    def __init__(self, con: duckdb.DuckDBPyConnection, contract: Contract, path: Path):
        self.con = con
        self.contract = contract
        self.path = path
        self.value_labels: list[tuple[str, str, str]] = []
        self._read()

    def _read(self) -> None:
        fmt = self.contract.format
        if self.path.stat().st_size == 0:
            raise ContractViolation(self.path, ["the file is empty (0 bytes)"])
        if fmt == "parquet":
            self._read_parquet()
        elif fmt == "csv":
            self._read_csv()
        elif fmt == "sav":
            self._read_sav()
        else:
            raise ValueError(f"{self.contract.source}: unknown format {fmt!r}")

    def _read_parquet(self) -> None:
        try:
            self.con.execute(
                f"create temp table _staged as select row_number() over () as {ROW_ID}, * "
                f"from read_parquet({_literal(self.path)})"
            )
        except duckdb.Error as error:
            raise ContractViolation(
                self.path, [f"not a readable Parquet file (truncated or corrupt): {error}"]
            ) from None

    def _read_csv(self) -> None:
        options = self.contract.csv
        encoding = options.get("encoding", "utf-8")
        raw = self.path.read_bytes()
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            raise ContractViolation(
                self.path,
                [
                    f"not valid {encoding}: byte {raw[error.start]:#x} at line {line} "
                    f"(expected {encoding} text)"
                ],
            ) from None
        if not text.strip():
            raise ContractViolation(self.path, ["the file is empty (no header, no rows)"])
        delimiter = options.get("delimiter", ",")
        try:
            self.con.execute(
                f"create temp table _staged as select row_number() over () as {ROW_ID}, * "
                f"from read_csv({_literal(self.path)}, delim={_literal(delimiter)}, "
                f"header=true, all_varchar=true, strict_mode=true, encoding='utf-8', "
                f"null_padding=false)"
            )
        except duckdb.Error as error:
            raise ContractViolation(
                self.path, [f"not a readable CSV file with delimiter {delimiter!r}: {error}"]
            ) from None

    def _read_sav(self) -> None:
        import pyreadstat

        try:
            frame, meta = pyreadstat.read_sav(str(self.path), apply_value_formats=False)
        except Exception as error:  # pyreadstat raises its own ReadstatError and others
            raise ContractViolation(
                self.path, [f"not a readable SPSS .sav file (truncated or corrupt): {error}"]
            ) from None
        for column, labels in (meta.variable_value_labels or {}).items():
            for code, label in labels.items():
                code_text = str(int(code)) if float(code).is_integer() else str(code)
                self.value_labels.append((column, code_text, str(label)))
        # SPSS has no missing value for strings: an empty (or blank-padded) string is
        # how a .sav file says "no value", so it becomes NULL like a system-missing number.
        for column in frame.columns:
            if not pd.api.types.is_numeric_dtype(frame[column]):
                text = frame[column].astype("string")
                frame[column] = text.mask(text.str.strip() == "")
        frame.insert(0, ROW_ID, range(1, len(frame) + 1))
        self.con.register("_sav_frame", frame)
        self.con.execute("create temp table _staged as select * from _sav_frame")
        self.con.unregister("_sav_frame")

    def columns(self) -> dict[str, str]:
        rows = self.con.execute("describe _staged").fetchall()
        return {row[0]: row[1] for row in rows if row[0] != ROW_ID}

    def first(self, where: str, column: str | None = None) -> tuple[int, list[tuple]]:
        shown = f", {_quote(column)}" if column else ""
        count = self.con.execute(f"select count(*) from _staged where {where}").fetchone()[0]
        rows = self.con.execute(
            f"select {ROW_ID}{shown} from _staged where {where} order by {ROW_ID} "
            f"limit {MAX_ROWS_SHOWN}"
        ).fetchall()
        return count, rows


def _typed(column: Column, staged_type: str) -> str:
    """SQL that casts the delivered value to the contract type (NULL when impossible)."""
    name = _quote(column.name)
    if column.type == "integer" and staged_type in ("DOUBLE", "FLOAT"):
        # SPSS stores every number as a double: accept whole numbers only.
        return f"(case when {name} = round({name}) then try_cast({name} as BIGINT) end)"
    if column.type == "string" and staged_type in ("DOUBLE", "FLOAT"):
        return (
            f"(case when {name} = round({name}) then cast(cast({name} as BIGINT) as VARCHAR)"
            f" else cast({name} as VARCHAR) end)"
        )
    if column.type == "date" and staged_type in ("DOUBLE", "FLOAT"):
        return f"try_cast({name} as DATE)"
    return f"try_cast({name} as {column.duckdb_type})"


def check_file(con: duckdb.DuckDBPyConnection, contract: Contract, path: Path, period: str):
    """Read ``path`` into temp table ``_staged`` and check it against the contract.

    Returns the list of (column, code, label) value labels found in the file. Raises
    ContractViolation listing every problem found.
    """
    staged = _Staged(con, contract, path)
    problems: list[str] = []
    delivered = staged.columns()
    expected = contract.column_names
    missing = [name for name in expected if name not in delivered]
    extra = [name for name in delivered if name not in expected]
    if missing:
        problems.append(f"missing columns {missing} (the contract expects {expected})")
    if extra:
        problems.append(f"unexpected columns {extra} (not in the contract)")
    if missing:
        raise ContractViolation(path, problems)

    total = con.execute("select count(*) from _staged").fetchone()[0]
    if total == 0:
        raise ContractViolation(path, [*problems, "the file has a header but no rows"])

    typed = {column.name: _typed(column, delivered[column.name]) for column in contract.columns}
    # Every check is a condition that marks bad rows; all are counted in one scan, and
    # the first offending rows are fetched only for the checks that found something.
    checks: list[tuple[str, str, str | None, object]] = []
    for column in contract.columns:
        name, value = _quote(column.name), typed[column.name]
        checks.append(
            (
                column.name,
                f"{name} is not null and {value} is null",
                column.name,
                f"value(s) not of type {column.type}",
            )
        )
        if not column.nullable:
            checks.append(
                (column.name, f"{name} is null", None, "empty value(s) where a value is required")
            )
        allowed = column.allowed_codes()
        if allowed is not None:
            allowed_sql = ", ".join(_literal(code) for code in allowed)
            source = column.codes_ref or "the contract's code list"
            checks.append(
                (
                    column.name,
                    f"{value} is not null and cast({value} as VARCHAR) not in ({allowed_sql})",
                    column.name,
                    (
                        f"code(s) outside {source}",
                        f"; expected one of {allowed[:12]}" + (" ..." if len(allowed) > 12 else ""),
                    ),
                )
            )
        if column.pattern is not None:
            checks.append(
                (
                    column.name,
                    f"{value} is not null and not regexp_full_match(cast({value} as VARCHAR), "
                    f"{_literal(column.pattern)})",
                    column.name,
                    f"value(s) not matching {column.pattern}",
                )
            )
        for bound, op in ((column.min, "<"), (column.max, ">")):
            if bound is not None:
                kind = "below the minimum" if op == "<" else "above the maximum"
                checks.append(
                    (
                        column.name,
                        f"{value} {op} {bound}",
                        column.name,
                        (f"value(s) {kind} {bound}", f"; expected {column.min} .. {column.max}"),
                    )
                )
    for part_column, expected_value in contract.period_values(period).items():
        if part_column in typed:
            checks.append(
                (
                    part_column,
                    f"{typed[part_column]} is distinct from {expected_value}",
                    part_column,
                    (
                        f"row(s) not in period {period} of the file name",
                        f"; expected {expected_value}",
                    ),
                )
            )

    counts = con.execute(
        "select "
        + ", ".join(f"count_if({condition})" for _, condition, _, _ in checks)
        + " from _staged"
    ).fetchone()
    mistyped = {
        column
        for (column, _, _, text), count in zip(checks, counts, strict=True)
        if count and str(text).startswith("value(s) not of type")
    }
    for (column, condition, shown, text), count in zip(checks, counts, strict=True):
        if not count:
            continue
        what, expected_text = text if isinstance(text, tuple) else (text, "")
        if column in mistyped and not what.startswith("value(s) not of type"):
            continue  # values that are not even of the right type are reported once
        _, rows = staged.first(condition, shown)
        problems.append(f"column {column!r}: {count} {what} ({_rows_text(rows)}){expected_text}")

    if contract.primary_key and not problems:
        keys = ", ".join(typed[key] for key in contract.primary_key)
        duplicates = con.execute(
            f"select {keys}, list({ROW_ID} order by {ROW_ID}) from _staged "
            f"group by all having count(*) > 1 limit {MAX_ROWS_SHOWN}"
        ).fetchall()
        if duplicates:
            shown = "; ".join(
                f"{dict(zip(contract.primary_key, row[:-1], strict=True))} in rows {row[-1]}"
                for row in duplicates
            )
            problems.append(
                f"columns {contract.primary_key}: duplicate keys ({shown}); expected one row "
                f"per {', '.join(contract.primary_key)}"
            )

    if problems:
        raise ContractViolation(path, problems)
    return staged.value_labels, typed


RAW_SCHEMA = "raw"
LABELS_TABLE = f"{RAW_SCHEMA}._value_labels"


def _ensure_tables(con: duckdb.DuckDBPyConnection, contract: Contract) -> None:
    """The source's raw table and the value labels table; the source's row in the
    bookkeeping (what its contract expects)."""
    bookkeeping.ensure(con)
    expected = contract.expected_periods()
    bookkeeping.record_source(
        con,
        source=contract.source,
        title=contract.title,
        period_kind=contract.period_kind,
        expected_latest_period=expected[-1],
        expected_period_count=len(expected),
    )
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(
        f"create table if not exists {LABELS_TABLE} ("
        "source varchar, column_name varchar, code varchar, label varchar)"
    )
    columns = ", ".join(f"{_quote(c.name)} {c.duckdb_type}" for c in contract.columns)
    con.execute(
        f"create table if not exists {RAW_SCHEMA}.{_quote(contract.source)} ({columns}, "
        "_period varchar, _source_file varchar)"
    )


def ingest_source(
    db_path: Path,
    contract: Contract,
    landing_dir: Path,
    log=print,
    years: Iterable[str] | None = None,
) -> list[IngestResult]:
    """Load every new or changed file of one source; all-or-nothing for the source.

    ``years`` limits the load to the files whose period falls in those calendar years
    (a wave, a year, or the quarters of a year): one Dagster partition or a range of them.

    Files are read and checked one at a time in a separate in-memory DuckDB (a corrupt
    file cannot abort the load); the typed rows of valid ones go to scratch Parquet files
    beside the build database. If any file breaks the contract an IngestError naming every
    bad file is raised and nothing is loaded. Otherwise all of them load in one
    transaction, from Parquet: a DuckDB transaction holds far less memory per row read
    from Parquet than per row streamed from Python, so a national Polis load stays within
    a modest machine's memory.
    """
    files = contract.find_files(landing_dir)
    if years is not None:
        wanted = {str(year) for year in years}
        files = {period: path for period, path in files.items() if period_year(period) in wanted}
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path), config=duckdb_config())
    try:
        known = bookkeeping.last_loaded(con, contract.source)
        results: list[IngestResult] = []
        pending: list[tuple[str, Path, str]] = []
        stats = {}  # size and mtime before the checksum: a later change shows as changed
        for period, path in files.items():
            stats[period] = path.stat()
            checksum = sha256_of(path)
            relative = path.relative_to(landing_dir).as_posix()
            if period in known and known[period][0] == checksum:
                results.append(
                    IngestResult(contract.source, period, relative, checksum, 0, "unchanged")
                )
            else:
                pending.append((period, path, checksum))

        violations: list[ContractViolation] = []
        progress = Progress(contract.source, [path for _, path, _ in pending], log)
        with tempfile.TemporaryDirectory(dir=db_path.parent, prefix=".ingest-") as scratch:
            # 1. check every file; write the typed rows of valid ones to scratch Parquet
            checked: list[tuple[str, str, str, Path, int, list]] = []
            checker = duckdb.connect(config=duckdb_config())
            try:
                for period, path, checksum in pending:
                    relative = path.relative_to(landing_dir).as_posix()
                    checker.execute("drop table if exists _staged")
                    try:
                        labels, typed = check_file(checker, contract, path, period)
                    except ContractViolation as violation:
                        violations.append(violation)
                        continue
                    if violations:
                        continue  # nothing will be loaded: only keep checking
                    select = ", ".join(
                        f"{typed[c.name]} as {_quote(c.name)}" for c in contract.columns
                    )
                    rows = checker.execute("select count(*) from _staged").fetchone()[0]
                    staged = Path(scratch) / f"{len(checked)}.parquet"
                    checker.execute(
                        f"copy (select {select}, {_literal(period)} as _period, "
                        f"{_literal(relative)} as _source_file from _staged order by {ROW_ID}) "
                        f"to {_literal(str(staged))} (format parquet)"
                    )
                    checked.append((period, relative, checksum, staged, rows, labels))
                    progress.file_done(path, rows, f"{period}: checked {rows:,} rows")
            finally:
                checker.close()
            if violations:
                raise IngestError(contract.source, violations)

            # 2. load them in one transaction: all of the source's new files or none
            con.execute("begin transaction")
            try:
                _ensure_tables(con, contract)
                table = f"{RAW_SCHEMA}.{_quote(contract.source)}"
                for period, relative, checksum, staged, rows, labels in checked:
                    con.execute(f"delete from {table} where _period = ?", [period])
                    con.execute(f"insert into {table} select * from read_parquet(?)", [str(staged)])
                    if labels:
                        con.execute(
                            f"delete from {LABELS_TABLE} where source = ?", [contract.source]
                        )
                        con.executemany(
                            f"insert into {LABELS_TABLE} values (?, ?, ?, ?)",
                            [(contract.source, *label) for label in labels],
                        )
                    revision = known[period][1] + 1 if period in known else 1
                    action = "revised" if period in known else "loaded"
                    bookkeeping.record_load(
                        con,
                        source=contract.source,
                        period=period,
                        file_path=relative,
                        sha256=checksum,
                        rows=rows,
                        action=action,
                        revision=revision,
                        size=stats[period].st_size,
                        mtime_ns=stats[period].st_mtime_ns,
                    )
                    results.append(
                        IngestResult(contract.source, period, relative, checksum, rows, action)
                    )
                    log(f"{contract.source} {period}: {action} {rows:,} rows from {relative}")
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise
        return results
    finally:
        con.close()


class Progress:
    """Progress of a long load: files and rows done, elapsed, and the time remaining
    estimated from the bytes still to read."""

    def __init__(self, source: str, paths: list[Path], log) -> None:
        self.source, self.log = source, log
        self.total_bytes = sum(path.stat().st_size for path in paths) or 1
        self.total_files = len(paths)
        self.done_bytes = self.done_files = self.rows = 0
        self.started = time.monotonic()

    def file_done(self, path: Path, rows: int, message: str) -> None:
        self.done_files += 1
        self.done_bytes += path.stat().st_size
        self.rows += rows
        elapsed = time.monotonic() - self.started
        remaining = elapsed * (self.total_bytes - self.done_bytes) / self.done_bytes
        self.log(
            f"{self.source} {message} [{self.done_files}/{self.total_files} files, "
            f"{self.rows:,} rows, {elapsed:.0f} s, nog ~{remaining:.0f} s]"
        )


class IngestError(Exception):
    """One or more files of a source broke the contract; nothing of the source was loaded."""

    def __init__(self, source: str, violations: list[ContractViolation]):
        self.source = source
        self.violations = violations
        lines = [f"{source}: {len(violations)} file(s) rejected, nothing loaded:"]
        lines += [f"  - {violation}" for violation in violations[:MAX_FILES_SHOWN]]
        if len(violations) > MAX_FILES_SHOWN:
            lines.append(f"  ... and {len(violations) - MAX_FILES_SHOWN} more file(s)")
        super().__init__(os.linesep.join(lines))


def staged_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The temp table being checked (for debugging and tests)."""
    return con.execute("select * from _staged").df()
