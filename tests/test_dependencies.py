"""Dependencies run one way: `orchestration/` uses `expectations/`, never the reverse."""

from __future__ import annotations

import ast
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
EXPECTATIONS = REPO_ROOT / "expectations"


def imported_modules(path: Path) -> set[str]:
    """Every module a Python file imports (at any depth: functions included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
    return found


def test_expectations_never_imports_orchestration():
    files = [path for path in EXPECTATIONS.rglob("*.py") if "node_modules" not in path.parts]
    assert files
    offenders = {
        path.relative_to(REPO_ROOT).as_posix(): sorted(
            name
            for name in imported_modules(path)
            if name == "orchestration" or name.startswith("orchestration.")
        )
        for path in files
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_check_catches_an_import_inside_a_function(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    from orchestration.settings import get_settings\n")
    assert "orchestration.settings" in imported_modules(module)


def test_expectations_builds_every_suite_from_arguments_alone():
    """The suites need only what the caller passes: region codes, a manifest, columns."""
    from expectations.generic import suite_for
    from expectations.raw import raw_suite
    from expectations.runner import all_suites

    regions = ["AM01", "AM02"]
    for name, spec in all_suites(regions).items():
        assert spec.name == name and spec.expectations
    by_region = suite_for("rpt_x", {"region_code": {}, "estimate": {}}, regions)
    assert any(getattr(e, "value_set", None) == regions for e in by_region.expectations)
    assert raw_suite("ebb", ["ophoogfactor", "x"]).name == "raw_ebb"
