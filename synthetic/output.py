"""Writing files exactly as the contracts describe them, and progress reporting.

Column order, names and types come from the contract YAML, so a generated file cannot
drift from its contract: a missing or extra column is an error here, before anything is
written. All writers are deterministic (same data, same bytes): Parquet without
timestamps, SPSS headers with a fixed creation date, CSV written single-threaded.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .reference import contract, read_seed

ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int32(),
    "float": pa.float64(),
    "date": pa.date32(),
    "boolean": pa.bool_(),
}
# Integer columns whose values do not fit in 32 bits.
WIDE_INTEGERS: set[str] = set()


class Progress:
    """One line per written file on stderr: elapsed time, source, period, rows."""

    def __init__(self, quiet: bool = False):
        self.t0 = time.perf_counter()
        self.quiet = quiet

    def elapsed(self) -> float:
        return time.perf_counter() - self.t0

    def log(self, source: str, period: str, rows: int | None = None, note: str = "") -> None:
        if self.quiet:
            return
        rows_text = f"{rows:>11,} rows" if rows is not None else " " * 16
        print(
            f"[{self.elapsed():7.1f}s] {source:<15} {period:<8} {rows_text} {note}".rstrip(),
            file=sys.stderr,
            flush=True,
        )


def schema_for(source: str) -> pa.Schema:
    fields = []
    for col in contract(source).columns:
        typ = pa.int64() if col.name in WIDE_INTEGERS else ARROW_TYPES[col.type]
        fields.append(pa.field(col.name, typ, nullable=col.nullable))
    return pa.schema(fields)


def _array(values, typ: pa.DataType) -> pa.Array:
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values.cast(typ) if values.type != typ else values
    if isinstance(values, np.ma.MaskedArray):
        return pa.array(values.data, mask=np.ma.getmaskarray(values), type=typ)
    arr = np.asarray(values)
    if typ == pa.date32() and arr.dtype.kind in "iu":
        return pa.array(arr.astype(np.int32), type=pa.int32()).cast(pa.date32())
    if arr.dtype.kind == "f" and pa.types.is_integer(typ):
        mask = np.isnan(arr)
        return pa.array(np.where(mask, 0, arr).astype(np.int64), mask=mask).cast(typ)
    if arr.dtype.kind == "f" and pa.types.is_string(typ):
        mask = np.isnan(arr)
        return pa.array(np.where(mask, 0, arr).astype(np.int64), mask=mask).cast(pa.string())
    if arr.dtype.kind == "f" and typ == pa.date32():
        mask = np.isnan(arr)
        return pa.array(np.where(mask, 0, arr).astype(np.int32), mask=mask).cast(pa.date32())
    return pa.array(arr, type=typ, from_pandas=True)


def to_table(source: str, columns: dict[str, object]) -> pa.Table:
    """Arrow table in contract order and types; nulls as NaN/None/masked."""
    schema = schema_for(source)
    expected = schema.names
    missing = [n for n in expected if n not in columns]
    extra = [n for n in columns if n not in expected]
    if missing or extra:
        raise ValueError(
            f"{source}: generated columns differ from the contract: "
            f"missing {missing}, extra {extra}"
        )
    arrays = [_array(columns[f.name], f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def write_parquet(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd", row_group_size=1_000_000, write_statistics=True)


class ChunkedParquet:
    """Parquet written one row group per chunk (memory-bounded, for Polis)."""

    def __init__(self, source: str, path: Path, dictionary_columns: list[str] | None = None):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.source = source
        self.path = path
        self.rows = 0
        self.writer = pq.ParquetWriter(
            path,
            schema_for(source),
            compression="zstd",
            compression_level=1,
            use_dictionary=dictionary_columns if dictionary_columns is not None else True,
        )

    def write(self, table: pa.Table) -> None:
        if table.num_rows:
            self.writer.write_table(table, row_group_size=table.num_rows)
            self.rows += table.num_rows

    def close(self) -> None:
        self.writer.close()


def write_csv(table: pa.Table, source: str, path: Path) -> None:
    """CSV with the delimiter of the source's contract (UTF-8, as every CSV contract says)."""
    spec = contract(source).csv
    if spec.get("encoding", "utf-8").lower() != "utf-8":
        raise ValueError(
            f"{source}: DuckDB writes UTF-8 only, the contract says {spec['encoding']}"
        )
    delimiter = spec["delimiter"]
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    try:
        con.execute("set threads = 1")
        con.register("t", table)
        con.execute(
            f"copy (select * from t) to '{path}' (header, delimiter '{delimiter}', "
            "dateformat '%Y-%m-%d', quote '\"')"
        )
    finally:
        con.close()


def _seed_labels(ref: str) -> dict[float, str]:
    seed, _, column = ref.partition(".")
    rows = read_seed(seed)
    name_col = {
        "ref_brc_occupations": "brc_group_name",
        "ref_sbi_sections": "sbi_section_name",
    }.get(seed)
    if name_col is None:
        return {}
    return {float(r[column]): r[name_col] for r in rows}


_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def write_sav(table: pa.Table, source: str, path: Path, file_label: str, created: str) -> None:
    """SPSS file with variable labels and value labels from the contract.

    Every coded variable is numeric with value labels (SPSS practice); ``created``
    (YYYY-MM-DD) is written as the file's creation date so the bytes are reproducible.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    spec = contract(source)
    data = {}
    labels = {}
    value_labels = {}
    for col in spec.columns:
        name = col.name
        arr = table.column(name)
        if col.type == "string":
            if pa.types.is_string(arr.type) and col.pattern == "^[0-9]{9}$":
                # pseudonymised numbers are stored numerically in SPSS
                data[name] = pd.to_numeric(
                    pd.Series(arr.to_pylist(), dtype="object"), errors="coerce"
                ).astype("float64")
            else:
                data[name] = pd.Series(arr.to_pylist(), dtype="object").fillna("")
        else:
            data[name] = (
                pd.Series(arr.to_numpy(zero_copy_only=False), dtype="float64")
                if not pa.types.is_date(arr.type)
                else pd.Series(arr.to_pylist())
            )
        labels[name] = (col.description or name)[:250]
        if col.codes:
            value_labels[name] = {float(k): v for k, v in col.codes.items()}
        elif col.codes_ref and col.type == "integer":
            found = _seed_labels(col.codes_ref)
            if found:
                value_labels[name] = found
    frame = pd.DataFrame(data)
    import pyreadstat

    pyreadstat.write_sav(
        frame,
        str(path),
        file_label=file_label[:64],
        column_labels=[labels[c] for c in frame.columns],
        variable_value_labels=value_labels,
        compress=False,
    )
    year, month, day = created.split("-")
    stamp = f"{day} {_MONTHS[int(month) - 1]} {year[2:]}".encode("ascii") + b"09:00:00"
    with path.open("r+b") as handle:
        handle.seek(92)
        handle.write(stamp)
