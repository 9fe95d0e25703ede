"""GX suites as code: one module per mart, named after it, each with ``suite(region_codes)``
returning its :class:`~expectations.spec.SuiteSpec` (``region_codes``: the arbeidsmarktregio
codes, passed in by the caller)."""

import pkgutil


def suite_names() -> list[str]:
    """The marts with a hand-written suite (without importing Great Expectations)."""
    return sorted(module.name for module in pkgutil.iter_modules(__path__))
