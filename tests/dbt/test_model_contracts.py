"""Contracts every dbt model and macro keeps, checked on the parsed manifest (no build):

* every model has a primary-key test: `unique` and `not_null` on one column, or
  `unique_combination` on two or more columns, at severity error and without a `where`;
* every model with a `suppressed` column carries `suppressed_rows_carry_no_value` over
  at least its estimate, interval, standard error, n, reliability and person-count
  columns, and `published_rows_meet_disclosure_minimum` when it has `n_unweighted`;
* every macro and generic test of the project is documented, with exactly the arguments
  of its signature, each described.

Each check is a function of the manifest, so a new model or macro that skips a contract
fails here. The last test runs the generic tests with dbt on a hand-made table, to show
that they fail on rows that break them.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
from pathlib import Path

import duckdb
import pytest

from orchestration.defs.transformation.assets import DBT_EXECUTABLE, ensure_manifest
from tests.conftest import REPO_ROOT

DBT_DIR = REPO_ROOT / "dbt_project"
PROJECT = "llo_radar"
# Columns a suppressed row must withhold whenever the model has them; a model lists its
# other figures (changes, ranks, derived shares) in the test's value_columns as well.
ALWAYS_WITHHELD = re.compile(
    r"^(estimate|ci_lower|ci_upper|standard_error|n_unweighted|reliability|.*_persons)$"
)
SIGNATURE = re.compile(r"{%-?\s*(?:macro|test)\s+(\w+)\s*\((.*?)\)\s*-?%}", re.DOTALL)


@pytest.fixture(scope="module")
def manifest() -> dict:
    return json.loads(ensure_manifest().read_text())


# --- the checks --------------------------------------------------------------------------


def _models(manifest: dict) -> dict[str, dict]:
    return {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["package_name"] == PROJECT
    }


def _generic_tests(manifest: dict) -> dict[str, list[dict]]:
    """Generic tests by the unique id of the model they are attached to."""
    tests: dict[str, list[dict]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] == "test" and node.get("test_metadata"):
            tests.setdefault(node.get("attached_node") or "", []).append(node)
    return tests


def _enforced(test: dict) -> bool:
    """A test that fails the build on every row: severity error, no `where` filter."""
    config = test["config"]
    return str(config.get("severity", "error")).lower() == "error" and not config.get("where")


def _arguments(test: dict) -> dict:
    return test["test_metadata"].get("kwargs") or {}


def primary_key_problems(manifest: dict) -> dict[str, str]:
    """Models without an enforced primary-key test, with the reason."""
    tests = _generic_tests(manifest)
    problems = {}
    for uid, model in _models(manifest).items():
        unique, not_null, compound = set(), set(), []
        for test in tests.get(uid, []):
            if not _enforced(test):
                continue
            name = test["test_metadata"]["name"]
            if name == "unique":
                unique.add(test["column_name"])
            elif name == "not_null":
                not_null.add(test["column_name"])
            elif name == "unique_combination" and len(_arguments(test)["columns"]) >= 2:
                compound.append(_arguments(test)["columns"])
        if not (unique & not_null or compound):
            problems[model["name"]] = (
                "no primary-key test: add `unique` and `not_null` on the key column, or "
                "`unique_combination` on the key columns (severity error, no `where`)"
            )
    return problems


def suppression_problems(manifest: dict) -> dict[str, str]:
    """Models with a `suppressed` column whose disclosure tests are missing or short."""
    tests = _generic_tests(manifest)
    problems = {}
    for uid, model in _models(manifest).items():
        columns = set(model["columns"])
        if "suppressed" not in columns:
            continue
        by_name = {}
        for test in tests.get(uid, []):
            if _enforced(test):
                by_name.setdefault(test["test_metadata"]["name"], []).append(test)
        carry = by_name.get("suppressed_rows_carry_no_value", [])
        if not carry:
            problems[model["name"]] = "no suppressed_rows_carry_no_value test"
            continue
        listed = {column for test in carry for column in _arguments(test)["value_columns"]}
        missing = sorted(c for c in columns if ALWAYS_WITHHELD.match(c) and c not in listed)
        unknown = sorted(listed - columns)
        if missing:
            problems[model["name"]] = f"value_columns lacks {missing}"
        elif unknown:
            problems[model["name"]] = f"value_columns names undocumented columns {unknown}"
        elif "n_unweighted" in columns and "published_rows_meet_disclosure_minimum" not in by_name:
            problems[model["name"]] = "no published_rows_meet_disclosure_minimum test"
    return problems


def _signature(macro: dict) -> list[str]:
    found = SIGNATURE.search(macro["macro_sql"])
    assert found and found.group(1) in (macro["name"], macro["name"].removeprefix("test_")), macro[
        "unique_id"
    ]
    return [part.split("=")[0].strip() for part in found.group(2).split(",") if part.strip()]


def macro_documentation_problems(manifest: dict) -> dict[str, str]:
    """Macros and generic tests of the project without a description, or whose documented
    arguments differ from the signature or lack a description."""
    problems = {}
    for macro in manifest["macros"].values():
        if macro["package_name"] != PROJECT:
            continue
        name = macro["name"]
        documented = [argument["name"] for argument in macro["arguments"]]
        signature = _signature(macro)
        if not macro["description"].strip():
            problems[name] = (
                f"not documented: add it to {macro['original_file_path']}'s "
                "folder's yml (macros/_macros.yml)"
            )
        elif documented != signature:
            problems[name] = f"documented arguments {documented}, signature {signature}"
        elif any(
            not (argument.get("description") or "").strip() for argument in macro["arguments"]
        ):
            problems[name] = "an argument has no description"
    return problems


# --- the project keeps them --------------------------------------------------------------


def test_every_model_has_a_primary_key_test(manifest):
    assert len(_models(manifest)) > 50
    assert primary_key_problems(manifest) == {}


def test_every_model_with_suppression_carries_the_disclosure_tests(manifest):
    suppressing = [m["name"] for m in _models(manifest).values() if "suppressed" in m["columns"]]
    assert "rpt_llo_participation" in suppressing and len(suppressing) >= 19
    assert suppression_problems(manifest) == {}


def test_every_macro_and_generic_test_is_documented(manifest):
    names = {m["name"] for m in manifest["macros"].values() if m["package_name"] == PROJECT}
    assert {
        "is_suppressed",
        "test_unique_combination",
        "test_suppressed_rows_carry_no_value",
    } <= names
    assert macro_documentation_problems(manifest) == {}


def test_generic_tests_live_in_tests_generic(manifest):
    for macro in manifest["macros"].values():
        if macro["package_name"] == PROJECT and macro["name"].startswith("test_"):
            assert macro["original_file_path"].startswith("tests/generic/"), macro["name"]


# --- and the checks catch a model or macro that does not ---------------------------------


def _without_tests(manifest: dict, model_name: str, test_names: set[str]) -> dict:
    broken = copy.deepcopy(manifest)
    uid = f"model.{PROJECT}.{model_name}"
    broken["nodes"] = {
        key: node
        for key, node in broken["nodes"].items()
        if not (
            node["resource_type"] == "test"
            and node.get("attached_node") == uid
            and node["test_metadata"]["name"] in test_names
        )
    }
    return broken


def _tests_of(manifest: dict, model_name: str, test_name: str) -> list[dict]:
    uid = f"model.{PROJECT}.{model_name}"
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "test"
        and node.get("attached_node") == uid
        and node["test_metadata"]
        and node["test_metadata"]["name"] == test_name
    ]


def test_primary_key_check_fails_on_a_model_without_one(manifest):
    broken = _without_tests(manifest, "rpt_llo_participation", {"unique_combination"})
    assert set(primary_key_problems(broken)) == {"rpt_llo_participation"}

    broken = _without_tests(manifest, "rpt_data_freshness", {"not_null"})  # unique alone
    assert set(primary_key_problems(broken)) == {"rpt_data_freshness"}

    broken = copy.deepcopy(manifest)
    for test in _tests_of(broken, "rpt_link_rates", "unique_combination"):
        test["config"]["severity"] = "warn"
    assert set(primary_key_problems(broken)) == {"rpt_link_rates"}

    broken = copy.deepcopy(manifest)
    for test in _tests_of(broken, "rpt_link_rates", "unique_combination"):
        test["test_metadata"]["kwargs"]["columns"] = ["source"]
    assert set(primary_key_problems(broken)) == {"rpt_link_rates"}


def test_suppression_check_fails_on_a_missing_test_or_column(manifest):
    broken = _without_tests(manifest, "rpt_skills_by_task", {"suppressed_rows_carry_no_value"})
    assert suppression_problems(broken) == {
        "rpt_skills_by_task": "no suppressed_rows_carry_no_value test"
    }

    broken = copy.deepcopy(manifest)
    for test in _tests_of(broken, "rpt_link_rates", "suppressed_rows_carry_no_value"):
        test["test_metadata"]["kwargs"]["value_columns"].remove("linked_persons")
    assert suppression_problems(broken) == {
        "rpt_link_rates": "value_columns lacks ['linked_persons']"
    }

    broken = _without_tests(manifest, "rpt_link_rates", {"published_rows_meet_disclosure_minimum"})
    assert set(suppression_problems(broken)) == {"rpt_link_rates"}


def test_documentation_check_fails_on_an_undocumented_or_stale_macro(manifest):
    broken = copy.deepcopy(manifest)
    macros = broken["macros"]
    macros[f"macro.{PROJECT}.is_suppressed"]["description"] = ""
    macros[f"macro.{PROJECT}.wilson_bound"]["macro_sql"] = (
        "{% macro wilson_bound(share, n_eff, side, z=none) -%}x{%- endmacro %}"
    )
    macros[f"macro.{PROJECT}.test_unique_combination"]["arguments"][1]["description"] = ""
    assert set(macro_documentation_problems(broken)) == {
        "is_suppressed",
        "wilson_bound",
        "test_unique_combination",
    }


# --- the generic tests fail on rows that break them (real dbt, hand-made table) ----------

LINK_RATE_ROWS = [
    # source, link_type, period_year, suppressed, n_unweighted, estimate, ci, persons
    ("ebb", "polis", 2020, False, 120, 0.9, 0.85, 0.95, 120, 110, "betrouwbaar"),
    ("ebb", "polis", 2021, True, None, None, None, None, None, None, None),
]
BROKEN_ROWS = [
    ("nss", "polis", 2020, True, None, 0.5, None, None, None, None, None),  # value on suppressed
    ("nss", "polis", 2021, False, 4, 0.5, 0.1, 0.9, 0, 0, "indicatief"),  # published, n = 4
    ("ebb", "polis", 2020, False, 120, 0.9, 0.85, 0.95, 120, 110, "betrouwbaar"),  # key twice
]


def _dbt_test_link_rates(tmp_path: Path, rows: list[tuple]) -> dict[str, str]:
    database = tmp_path / "build.duckdb"
    database.unlink(missing_ok=True)
    with duckdb.connect(str(database)) as con:
        con.execute("create schema marts")
        con.execute(
            "create table marts.rpt_link_rates (source varchar, link_type varchar, "
            "period_year integer, suppressed boolean, n_unweighted integer, estimate double, "
            "ci_lower double, ci_upper double, base_persons bigint, linked_persons bigint, "
            "reliability varchar)"
        )
        con.executemany(
            "insert into marts.rpt_link_rates values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
    selector = [
        f"rpt_link_rates,test_name:{name}"
        for name in (
            "unique_combination",
            "suppressed_rows_carry_no_value",
            "published_rows_meet_disclosure_minimum",
        )
    ]
    target = tmp_path / "target"
    result = subprocess.run(
        [
            str(DBT_EXECUTABLE),
            "test",
            "--select",
            *selector,
            "--target-path",
            str(target),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        check=False,
        cwd=DBT_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        env={
            **os.environ,
            "LLO_BUILD_DB": str(database),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        },
    )
    # dbt exits 1 when a test fails, 2 when it cannot run the tests at all
    assert result.returncode in (0, 1), result.stdout[-3000:]
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    results = json.loads((target / "run_results.json").read_text())["results"]
    return {nodes[r["unique_id"]]["test_metadata"]["name"]: r["status"] for r in results}


@pytest.mark.slow
def test_generic_tests_pass_on_clean_rows_and_fail_on_broken_ones(tmp_path):
    names = {
        "unique_combination",
        "suppressed_rows_carry_no_value",
        "published_rows_meet_disclosure_minimum",
    }
    assert _dbt_test_link_rates(tmp_path, LINK_RATE_ROWS) == dict.fromkeys(names, "pass")
    assert _dbt_test_link_rates(tmp_path, LINK_RATE_ROWS + BROKEN_ROWS) == dict.fromkeys(
        names, "fail"
    )
