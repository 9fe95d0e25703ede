"""Adapter portability check: DuckDB-only SQL only inside marked macros.

The project runs on dbt-duckdb; a site that outgrows one machine runs the same project on
Spark (dbt-spark). So models, tests and ordinary macros use ANSI SQL that Spark SQL 3.5
also accepts, dbt's cross-database macros (``dbt.type_string()``, ``dbt.datediff``...),
or a project macro from ``macros/cross_database/``. Only there, in a dispatched
``duckdb__<name>`` implementation that has a ``default__<name>`` or ``spark__<name>``
beside it, may DuckDB-only syntax appear.

Usage: python scripts/check_portability.py [dbt_project_dir]
Exit 1 with file, line and construct for every violation.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

MARKED_DIR = Path("macros") / "cross_database"
SCANNED_DIRS = ("models", "macros", "tests", "analyses", "snapshots")

# (construct, pattern, portable alternative). Patterns run on lower-cased SQL with Jinja
# and SQL comments removed and string literals blanked.
RULES: list[tuple[str, re.Pattern[str], str]] = [
    (name, re.compile(pattern), alternative)
    for name, pattern, alternative in [
        ("'::' cast", r"::", "cast(x as type)"),
        (
            "quantile_cont/quantile_disc/quantile",
            r"\bquantile(_cont|_disc)?\s*\(",
            "{{ percentile_cont(x, p) }}",
        ),
        ("arg_max/arg_min", r"\barg_(max|min)\s*\(", "{{ value_at_max(x, by) }}"),
        (
            "ordered aggregate first(... order by ...)",
            r"\b(first|last)\s*\([^()]*\border\s+by\b",
            "{{ value_at_max(x, by) }}",
        ),
        ("list functions", r"\blist(_\w+)?\s*\(", "dbt.array_* macros"),
        ("struct_pack / struct literal", r"\bstruct_pack\s*\(|\{\s*'", "separate columns"),
        ("qualify", r"\bqualify\b", "a window column filtered in an outer query"),
        ("select * exclude/replace", r"\*\s*(exclude|replace)\s*\(", "an explicit column list"),
        ("unnest", r"\bunnest\s*\(", "a join to a small mapping CTE"),
        (
            "generate_series/range table function",
            r"\b(generate_series|range)\s*\(",
            "a seed or a union of literals",
        ),
        ("string_agg/listagg", r"\b(string_agg|listagg)\s*\(", "{{ dbt.listagg(...) }}"),
        ("columns(...) expression", r"\bcolumns\s*\(", "an explicit column list"),
        ("strftime/strptime", r"\bstr[fp]time\s*\(", "dbt date macros"),
        ("epoch()", r"\bepoch(_ms)?\s*\(", "dbt.datediff"),
        ("date_diff/date_sub", r"\bdate_(diff|sub)\s*\(", "{{ dbt.datediff(...) }}"),
        ("regexp_matches/regexp_full_match", r"\bregexp_(matches|full_match)\s*\(", "rlike"),
        ("json functions", r"\bjson(_\w+)?\s*\(|->>", "parse JSON at ingestion"),
        ("read_csv/read_parquet/read_json", r"\bread_(csv|parquet|json)\w*\s*\(", "sources"),
        ("format/printf", r"\b(format|printf)\s*\(", "concat"),
        ("hash()", r"\bhash\s*\(", "{{ dbt.hash(...) }}"),
        ("distinct on", r"\bdistinct\s+on\b", "row_number() in a window"),
        ("asof/positional join", r"\b(asof|positional)\s+join\b", "an ordinary join"),
        ("lambda", r"->", "a join"),
        ("integer division //", r"//", "floor(a / b)"),
        (
            "DuckDB-only types",
            r"\b(hugeint|ubigint|uinteger|usmallint|utinyint|varchar)\b",
            "{{ dbt.type_string() }}, bigint, integer",
        ),
        ("isfinite/isinf", r"\bis(finite|inf)\s*\(", "a comparison"),
        ("using sample", r"\busing\s+sample\b", "tablesample"),
        ("spatial functions", r"\bst_\w+\s*\(", "geometry prepared at ingestion"),
    ]
]


@dataclass(frozen=True)
class Violation:
    path: Path
    line: int
    construct: str
    alternative: str
    text: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.construct} (portable: {self.alternative})\n"
            f"    {self.text.strip()}"
        )


_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_JINJA_CODE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
_SQL_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_STRING = re.compile(r"'(?:[^']|'')*'")
_MACRO = re.compile(r"\{%-?\s*macro\s+(\w+)\s*\(.*?%\}(.*?)\{%-?\s*endmacro\s*-?%\}", re.S)


def _blank(match: re.Match[str]) -> str:
    """Replace a match with spaces, keeping its newlines (line numbers stay right)."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _clean(sql: str) -> str:
    sql = _JINJA_COMMENT.sub(_blank, sql)
    sql = _JINJA_CODE.sub(_blank, sql)  # Jinja is not SQL; macros are scanned where defined
    sql = _SQL_BLOCK_COMMENT.sub(_blank, sql)
    sql = "\n".join(line.split("--", 1)[0] for line in sql.split("\n"))
    # String literals are data, not syntax; keep the quotes so struct literals still show.
    return _STRING.sub(lambda m: "'" + " " * (len(m.group(0)) - 2) + "'", sql).lower()


def _marked_ranges(sql: str, path: Path, project: Path) -> list[tuple[int, int]]:
    """Character ranges of duckdb__ macros in the marked folder (DuckDB syntax allowed)."""
    relative = path.relative_to(project)
    if MARKED_DIR not in relative.parents:
        return []
    return [(m.start(), m.end()) for m in _MACRO.finditer(sql) if m.group(1).startswith("duckdb__")]


def missing_alternatives(project: Path) -> list[str]:
    """Every duckdb__<name> in the marked folder needs default__<name> or spark__<name>."""
    names: set[str] = set()
    for path in sorted((project / MARKED_DIR).rglob("*.sql")):
        names |= {m.group(1) for m in _MACRO.finditer(path.read_text())}
    problems = []
    for name in sorted(n for n in names if n.startswith("duckdb__")):
        base = name.removeprefix("duckdb__")
        if f"default__{base}" not in names and f"spark__{base}" not in names:
            problems.append(f"{MARKED_DIR}: {name} has no default__{base} or spark__{base}")
    return problems


def scan(project: Path) -> list[Violation]:
    violations: list[Violation] = []
    for folder in SCANNED_DIRS:
        for path in sorted((project / folder).rglob("*.sql")):
            raw = path.read_text()
            cleaned = _clean(raw)
            allowed = _marked_ranges(raw, path, project)
            lines = raw.split("\n")
            for name, pattern, alternative in RULES:
                for match in pattern.finditer(cleaned):
                    if any(start <= match.start() < end for start, end in allowed):
                        continue
                    line = cleaned.count("\n", 0, match.start()) + 1
                    violations.append(
                        Violation(
                            path.relative_to(project), line, name, alternative, lines[line - 1]
                        )
                    )
    return sorted(violations, key=lambda v: (str(v.path), v.line))


def main(argv: list[str]) -> int:
    project = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1]
    violations = scan(project)
    problems = missing_alternatives(project)
    for violation in violations:
        print(violation)
    for problem in problems:
        print(problem)
    if violations or problems:
        print(
            f"\n{len(violations)} DuckDB-only construct(s) outside {MARKED_DIR}/duckdb__ "
            f"macros, {len(problems)} macro(s) without a portable alternative"
        )
        return 1
    print(f"portable: no DuckDB-only SQL outside {MARKED_DIR}/duckdb__ macros")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
