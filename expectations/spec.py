"""How suites are declared: expectations with a severity of their own.

``error`` expectations block publishing when they fail; ``warning`` expectations are
recorded on the asset check and in Data Docs but do not block. GX 1.x has no severity of
its own, so it travels in each expectation's ``meta``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import great_expectations.expectations as gxe

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class SuiteSpec:
    name: str
    table: str  # schema-qualified table in the build database
    expectations: list[gxe.Expectation] = field(default_factory=list)


def error(expectation: gxe.Expectation) -> gxe.Expectation:
    expectation.meta = {**(expectation.meta or {}), "severity": ERROR}
    return expectation


def warning(expectation: gxe.Expectation) -> gxe.Expectation:
    expectation.meta = {**(expectation.meta or {}), "severity": WARNING}
    return expectation
