"""Synthetic generator of the LLO-Radar source deliveries.

Writes the files described by ``orchestration/sources/contracts/*.yml`` into a landing zone
in the real formats (SPSS ``.sav`` with value labels, Parquet, CSV), from one synthetic
population of persons so that person keys link across sources like the real data do.
Sources, file names, periods, waves and columns are read from those contracts through
``orchestration.sources.contracts`` (which needs no Dagster), never repeated here.
The true population values behind every survey estimate are written next to the files in
``<out>/_truth/`` so that estimates can be checked for bias and interval coverage.

Run: ``python -m synthetic --scale tiny|small|national --seed 42
--out data/landing``. See ``orchestration/sources/README.md`` for the model.
"""

GENERATOR_VERSION = "1.0.0"
