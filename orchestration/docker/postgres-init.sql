-- Second database on the same server: Superset's metadata (Dagster uses POSTGRES_DB).
create database superset owner llo_radar;
