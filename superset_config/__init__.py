"""LLO-Radar's Superset configuration, bundle and provisioning, as one package.

Run the scripts as modules from the repository root (or with it on ``PYTHONPATH``):

    .venv-superset/bin/python -m superset_config.provision     # provision Superset
    .venv/bin/python -m superset_config.bundle dashboards      # regenerate the bundle

The modules need only the standard library and PyYAML, so both the pipeline venv (tests,
bundle generation) and the Superset venv (provisioning) import them. ``superset_config.py``
is Superset's configuration file: Superset loads it by path (``SUPERSET_CONFIG_PATH``), so it
imports nothing from this package.
"""
