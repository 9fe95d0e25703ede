"""One ingestion asset per source: contract-checked landing-zone files → ``raw.<source>``,
partitioned by delivery year (see partitions.py)."""

import dagster as dg

from orchestration.defs.ingestion.partitions import DELIVERY_YEARS
from orchestration.settings import get_settings
from orchestration.sources.contracts import Contract, all_contracts
from orchestration.sources.ingest import IngestError, ingest_source, period_year


def raw_asset_key(source: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", source])


def _refuse_files_without_partition(contract: Contract, landing_dir) -> None:
    """A delivered file whose year has no partition (before the first contracted year, or
    after the current year) would never be loaded: refuse it loudly instead."""
    known = set(DELIVERY_YEARS.get_partition_keys())
    stray = [
        path.relative_to(landing_dir).as_posix()
        for period, path in contract.find_files(landing_dir).items()
        if period_year(period) not in known
    ]
    if stray:
        raise dg.Failure(
            description=(
                f"{contract.source}: {len(stray)} file(s) for a period without a partition "
                f"(delivery years {min(known)}-{max(known)}), nothing loaded: {', '.join(stray)}. "
                "Check the period in the file name; the file stays in the landing zone."
            )
        )


def build_ingestion_asset(contract: Contract) -> dg.AssetsDefinition:
    @dg.asset(
        key=raw_asset_key(contract.source),
        group_name="ingestion",
        kinds={"duckdb"},
        partitions_def=DELIVERY_YEARS,
        backfill_policy=dg.BackfillPolicy.single_run(),
        description=(
            f"{contract.title}: new or changed files in the landing zone "
            f"(`{contract.file_pattern}`), checked against the contract and loaded per "
            f"period into raw.{contract.source}. {contract.grain} Partitioned by delivery "
            f"year; a range of years runs as one run."
        ),
        metadata={"contract": f"orchestration/sources/contracts/{contract.source}.yml"},
    )
    def _ingest(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
        settings = get_settings()
        years = context.partition_keys
        _refuse_files_without_partition(contract, settings.landing_dir)
        try:
            results = ingest_source(
                settings.build_db,
                contract,
                settings.landing_dir,
                log=context.log.info,
                years=years,
            )
        except IngestError as error:
            raise dg.Failure(description=str(error)) from None
        changed = [result for result in results if result.action != "unchanged"]
        if not results:
            context.log.info(
                f"no {contract.source} files for {years[0]}-{years[-1]} in {settings.landing_dir}"
            )
        return dg.MaterializeResult(
            metadata={
                "years": f"{years[0]}-{years[-1]}" if len(years) > 1 else years[0],
                "periods_present": ", ".join(result.period for result in results) or "-",
                "files_seen": len(results),
                "files_loaded": len(changed),
                "rows_loaded": sum(result.rows for result in changed),
                "periods_loaded": ", ".join(result.period for result in changed) or "-",
            }
        )

    return _ingest


def ingestion_assets() -> list[dg.AssetsDefinition]:
    return [
        *(build_ingestion_asset(contract) for contract in all_contracts().values()),
        region_boundaries,
    ]


BOUNDARIES_KEY = dg.AssetKey(["raw", "region_boundaries"])


@dg.asset(
    key=BOUNDARIES_KEY,
    group_name="ingestion",
    kinds={"duckdb"},
    description=(
        "Arbeidsmarktregio boundaries (optional): CBS/PDOK gebiedsindeling GeoJSON files in "
        "the landing zone (`boundaries/arbeidsmarktregio_<year>.geojson`, WGS84), checked "
        "and loaded into raw.region_boundaries. Without a file the table is empty and the "
        "dashboards show the regions as points at their centroids."
    ),
    metadata={"contract": "orchestration/sources/boundaries.py"},
)
def region_boundaries(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    from orchestration.sources.boundaries import BoundaryLoadError, load_boundaries

    settings = get_settings()
    try:
        loads = load_boundaries(settings.build_db, settings.landing_dir, log=context.log.info)
    except BoundaryLoadError as error:
        raise dg.Failure(description=str(error)) from None
    if not loads:
        context.log.info("no boundary file in the landing zone: regions are shown as points")
    return dg.MaterializeResult(
        metadata={
            "files_loaded": len(loads),
            "years": ", ".join(str(load.year) for load in loads) or "-",
            "regions": loads[-1].regions if loads else 0,
        }
    )
