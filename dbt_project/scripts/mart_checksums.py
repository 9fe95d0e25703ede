"""Print one checksum per table of a schema (default: the published marts) of a DuckDB file.

Used to show that a refactoring of the models leaves their output unchanged: run it on the
build database before and after, and compare. Rows are ordered by all columns, doubles are
rounded to 9 significant digits (summation order may differ in the last bits), NULL is
written as a marker distinct from any value.

    python dbt_project/scripts/mart_checksums.py path/to/build.duckdb [--schema marts]
"""

from __future__ import annotations

import argparse
import sys

import duckdb

FLOATING = {"DOUBLE", "FLOAT", "REAL"}


def _column_text(name: str, data_type: str) -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    if data_type in FLOATING:
        # 9 significant digits; + 0.0 folds -0.0 into 0.0
        value = f"printf('%.8e', {quoted} + 0.0)"
    else:
        value = f"cast({quoted} as varchar)"
    return f"coalesce({value}, '\\N')"


def checksums(database: str, schema: str) -> dict[str, tuple[int, str]]:
    connection = duckdb.connect(database, read_only=True)
    tables = [
        row[0]
        for row in connection.execute(
            "select table_name from information_schema.tables where table_schema = ? "
            "order by table_name",
            [schema],
        ).fetchall()
    ]
    result = {}
    for table in tables:
        columns = connection.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [schema, table],
        ).fetchall()
        row_text = " || chr(31) || ".join(_column_text(name, kind) for name, kind in columns)
        count, digest = connection.execute(
            f"select count(*), md5(coalesce(string_agg(row_text, chr(30) order by row_text), '')) "
            f'from (select {row_text} as row_text from "{schema}"."{table}")'
        ).fetchone()
        result[table] = (count, digest)
    connection.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("--schema", default="marts")
    args = parser.parse_args(argv)
    for table, (count, digest) in checksums(args.database, args.schema).items():
        print(f"{table}\t{count}\t{digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
