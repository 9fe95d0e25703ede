"""Publish: the output check, then an atomic swap of the serving database.

The serving database is what Superset reads. It holds only the ``marts`` schema of the
build database, and only after every table passed the output check of docs/methods.md 4.4 (the
same check CBS makes before results leave Remote Access):

* no column that is a person or linking key;
* no unsuppressed cell with fewer respondents than the disclosure threshold, and no value
  on a suppressed row;
* person counts (columns ending in ``_persons``) rounded to the rounding base.

Thresholds are read from ``dbt_project.yml`` vars, so dbt and publish share one setting.
The new file is written next to the serving file and renamed onto it (``os.replace``,
atomic on one filesystem): readers see the old file or the new one, never a half-written
one. The file that was live before is kept as ``<serving>.previous`` for rollback.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

from orchestration.defs.serving import attacks as disclosure_attacks
from orchestration.faults import fault_point
from orchestration.settings import DBT_PROJECT_DIR, duckdb_config

PUBLISHED_SCHEMA = "marts"
PERSON_KEY_PATTERN = re.compile(
    r"(^|_)(rinpersoon|person_key|person_id|liss_id|nomem_encr|respondent_id|employer_key|"
    r"beid|rinpersoons)($|_)",
    re.IGNORECASE,
)
# Columns that carry a figure for a cell and must be empty when the cell is suppressed.
VALUE_COLUMN_PATTERN = re.compile(r"^(estimate|ci_lower|ci_upper|.*_persons|n_unweighted)$")


class PublishRefused(Exception):
    """The output check found tables that may not leave the build database."""


@dataclass(frozen=True)
class Thresholds:
    disclosure_min_n: int
    person_count_rounding: int


def thresholds(dbt_project_dir: Path = DBT_PROJECT_DIR) -> Thresholds:
    variables = yaml.safe_load((dbt_project_dir / "dbt_project.yml").read_text())["vars"]
    return Thresholds(int(variables["disclosure_min_n"]), int(variables["person_count_rounding"]))


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def tables_in(
    con: duckdb.DuckDBPyConnection, schema: str, *, base_tables_only: bool = False
) -> list[str]:
    """The tables of a schema, by name (only base tables, not views, when asked)."""
    kind = " and table_type = 'BASE TABLE'" if base_tables_only else ""
    return [
        row[0]
        for row in con.execute(
            f"select table_name from information_schema.tables where table_schema = ?{kind} "
            "order by table_name",
            [schema],
        ).fetchall()
    ]


def output_check(con: duckdb.DuckDBPyConnection, schema: str, rules: Thresholds) -> list[str]:
    """Every rule broken, per table and column, in words. Empty when publishable."""
    problems: list[str] = []
    tables = tables_in(con, schema)
    if not tables:
        return [f"schema {schema!r} has no tables to publish"]
    for table in tables:
        qualified = f"{_q(schema)}.{_q(table)}"
        columns = {
            row[0]: row[1]
            for row in con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = ? and table_name = ?",
                [schema, table],
            ).fetchall()
        }
        for column in columns:
            if PERSON_KEY_PATTERN.search(column):
                problems.append(f"{table}.{column}: a person or linking key may not be published")
        if "n_unweighted" in columns:
            if "suppressed" not in columns:
                problems.append(f"{table}: has n_unweighted but no suppressed flag")
            else:
                count = con.execute(
                    f"select count(*) from {qualified} where not suppressed "
                    f"and (n_unweighted is null or n_unweighted < {rules.disclosure_min_n})"
                ).fetchone()[0]
                if count:
                    problems.append(
                        f"{table}: {count} unsuppressed row(s) with n_unweighted < "
                        f"{rules.disclosure_min_n}"
                    )
                for column in columns:
                    if VALUE_COLUMN_PATTERN.match(column):
                        count = con.execute(
                            f"select count(*) from {qualified} where suppressed "
                            f"and {_q(column)} is not null"
                        ).fetchone()[0]
                        if count:
                            problems.append(
                                f"{table}.{column}: {count} suppressed row(s) still carry a value"
                            )
        for column in columns:
            if column.endswith("_persons"):
                base = rules.person_count_rounding
                count = con.execute(
                    f"select count(*) from {qualified} where {_q(column)} is not null and "
                    f"(cast({_q(column)} as double) % {base}) <> 0"
                ).fetchone()[0]
                if count:
                    problems.append(
                        f"{table}.{column}: {count} person count(s) not rounded to {base}"
                    )
    return problems


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"


def attack_views(manifest: Path = MANIFEST) -> list[disclosure_attacks.View]:
    """The disclosure-attack declarations of the marts (``make manifest`` writes the file)."""
    if not manifest.exists():
        raise PublishRefused(
            f"No dbt manifest at {manifest}: the attacker in the output check reads its "
            "declarations from it. Run `make manifest` first."
        )
    try:
        return disclosure_attacks.load_declarations(manifest)
    except disclosure_attacks.DeclarationError as error:
        raise PublishRefused(f"Publish refused: disclosure attacks: {error}") from None


def publish(
    build_db: Path,
    serving_db: Path,
    previous_db: Path,
    views: list[disclosure_attacks.View] | None = None,
    attacks: list[str] | None = None,
) -> dict[str, int]:
    """Check and copy the marts schema; swap it into place. Returns rows per table.

    ``views`` are the disclosure-attack declarations (default: the dbt manifest's),
    ``attacks`` the attacks to run (default: all, unless LLO_DISCLOSURE_ATTACKS=off).
    The attack results are in ``last_attack_outcomes`` afterwards and in the published
    table ``rpt_disclosure_attacks``."""
    rules = thresholds()
    views = attack_views() if views is None else views
    source = duckdb.connect(str(build_db), read_only=True)
    try:
        problems = output_check(source, PUBLISHED_SCHEMA, rules)
        tables = tables_in(source, PUBLISHED_SCHEMA, base_tables_only=True)
        outcomes = []
        if not problems:
            try:
                outcomes = disclosure_attacks.run_attacks(
                    source, views, rules.person_count_rounding, attacks
                )
            except disclosure_attacks.DeclarationError as error:
                # the attacker cannot run: nothing is published unattacked
                problems.append(f"disclosure attacks: {error}")
    finally:
        source.close()
    last_attack_outcomes[:] = outcomes
    problems += disclosure_attacks.refusals(outcomes)
    if problems:
        raise PublishRefused(
            "Publish refused by the output check; the serving database is unchanged:\n  - "
            + "\n  - ".join(problems)
        )

    serving_db.parent.mkdir(parents=True, exist_ok=True)
    staging = serving_db.with_name(serving_db.name + ".next")
    for leftover in (staging, staging.with_name(staging.name + ".wal")):
        leftover.unlink(missing_ok=True)  # a crashed earlier publish left it; start clean

    counts: dict[str, int] = {}
    con = duckdb.connect(str(staging), config=duckdb_config())
    try:
        con.execute(f"attach {_literal(build_db)} as build (read_only)")
        con.execute(f"create schema {PUBLISHED_SCHEMA}")
        for table in tables:
            target = f"{PUBLISHED_SCHEMA}.{_q(table)}"
            con.execute(
                f"create table {target} as select * from build.{PUBLISHED_SCHEMA}.{_q(table)} "
                f"order by all"
            )
            counts[table] = con.execute(f"select count(*) from {target}").fetchone()[0]
        con.execute("detach build")
        _write_publication_summary(con, tables)
        _write_attack_summary(con, outcomes)
        con.execute("checkpoint")
    finally:
        con.close()
    _fsync(staging)
    fault_point("publish_staged")  # recovery tests: killed between staging and swap

    if serving_db.exists():
        # Keep the live file as the rollback copy: link first so the serving path is never
        # missing, then move the link into place.
        link = previous_db.with_name(previous_db.name + ".link")
        link.unlink(missing_ok=True)
        os.link(serving_db, link)
        os.replace(link, previous_db)
    os.replace(staging, serving_db)
    _fsync(serving_db.parent)
    return counts


SUMMARY_TABLE = "rpt_publication_summary"
ATTACKS_TABLE = "rpt_disclosure_attacks"
# The outcomes of the last publish attempt's attacks (for the Dagster metadata).
last_attack_outcomes: list[disclosure_attacks.Outcome] = []


def _write_attack_summary(
    con: duckdb.DuckDBPyConnection, outcomes: list[disclosure_attacks.Outcome]
) -> None:
    """Per attack and table: cells tried, candidates and exact recoveries (always 0 in a
    published file: a recovery refuses the publication). Counts of cells, not persons."""
    con.execute(
        f"create table {PUBLISHED_SCHEMA}.{ATTACKS_TABLE} (attack varchar, table_name varchar, "
        "columns_attacked varchar, cells_tried bigint, candidates bigint, recovered bigint)"
    )
    rows = [row[:6] for row in disclosure_attacks.summary_rows(outcomes)]
    if rows:
        con.executemany(
            f"insert into {PUBLISHED_SCHEMA}.{ATTACKS_TABLE} values (?, ?, ?, ?, ?, ?)", rows
        )


def _write_publication_summary(con: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    """Per published table: rows, suppressed and 'indicatief' rows (the Datakwaliteit
    dashboard shows how much disclosure control hides). Counts of cells, not persons."""
    rows = []
    for table in tables:
        columns = {
            row[0]
            for row in con.execute(
                "select column_name from information_schema.columns where table_schema = ? "
                "and table_name = ?",
                [PUBLISHED_SCHEMA, table],
            ).fetchall()
        }
        qualified = f"{PUBLISHED_SCHEMA}.{_q(table)}"
        suppressed = "count_if(suppressed)" if "suppressed" in columns else "null"
        indicative = "count_if(reliability = 'indicatief')" if "reliability" in columns else "null"
        rows.append(
            (
                table,
                *con.execute(
                    f"select count(*), {suppressed}, {indicative} from {qualified}"
                ).fetchone(),
            )
        )
    con.execute(
        f"create table {PUBLISHED_SCHEMA}.{SUMMARY_TABLE} (table_name varchar, "
        "rows_published bigint, cells_suppressed bigint, cells_indicative bigint, "
        "share_suppressed double)"
    )
    con.executemany(
        f"insert into {PUBLISHED_SCHEMA}.{SUMMARY_TABLE} values (?, ?, ?, ?, "
        "case when ? > 0 then ? / ? end)",
        [
            (table, n, suppressed, indicative, n, suppressed, n)
            for table, n, suppressed, indicative in rows
        ],
    )


def mart_checksums(db: Path, schema: str = PUBLISHED_SCHEMA, digits: int = 9) -> dict[str, str]:
    """Content checksum per table (order-independent), to show refreshes are reproducible.

    Floating-point columns are rounded to ``digits`` decimals first: DuckDB adds doubles in
    parallel, so the last bits of a sum may differ between runs while every published
    figure is the same.
    """
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = tables_in(con, schema)
        checksums = {}
        for table in tables:
            columns = con.execute(
                "select column_name, data_type from information_schema.columns "
                "where table_schema = ? and table_name = ? order by ordinal_position",
                [schema, table],
            ).fetchall()
            values = ", ".join(
                f"round({_q(name)}, {digits})" if kind in ("DOUBLE", "FLOAT", "REAL") else _q(name)
                for name, kind in columns
            )
            checksums[table] = str(
                con.execute(
                    f"select count(*), coalesce(sum(hash({values})::hugeint), 0) "
                    f"from {_q(schema)}.{_q(table)}"
                ).fetchone()
            )
        return checksums
    finally:
        con.close()


def rollback(serving_db: Path, previous_db: Path) -> None:
    """Put the previously published file back (the current one becomes the previous)."""
    if not previous_db.exists():
        raise FileNotFoundError(f"no previous serving database at {previous_db}")
    swap = serving_db.with_name(serving_db.name + ".rollback")
    swap.unlink(missing_ok=True)
    os.link(previous_db, swap)
    if serving_db.exists():
        link = previous_db.with_name(previous_db.name + ".link")
        link.unlink(missing_ok=True)
        os.link(serving_db, link)
        os.replace(link, previous_db)
    os.replace(swap, serving_db)


def _literal(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"
