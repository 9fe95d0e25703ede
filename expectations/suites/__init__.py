"""GX suites as code: one module per mart, each exposing ``SUITE`` (a :class:`SuiteSpec`)."""
