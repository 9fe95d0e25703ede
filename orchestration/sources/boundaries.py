"""Region boundaries (optional): the arbeidsmarktregio polygons of a CBS/PDOK gebiedsindeling.

Where a site supplies a boundary file, the dashboards draw the regions as polygons; without
one they show the regions as points at their centroids (reference seed). The file is the
GeoJSON that PDOK's CBS gebiedsindelingen WFS returns for the layer
``arbeidsmarktregio_gegeneraliseerd`` in WGS84, saved in the landing zone as

    boundaries/arbeidsmarktregio_<year>.geojson

for example from
``https://service.pdok.nl/cbs/gebiedsindelingen/<year>/wfs/v1_0?request=GetFeature&service=WFS
&version=2.0.0&typeName=arbeidsmarktregio_gegeneraliseerd&outputFormat=json&srsName=EPSG:4326``.

Contract: a FeatureCollection with one Polygon or MultiPolygon feature per region, the
region code in ``properties.statcode`` (AM01 …) and its name in ``properties.statnaam``;
all 35 regions of the reference seed, each once; coordinates in degrees inside the
Netherlands. A file that breaks it is refused with the file, the property and the features
named, and nothing already loaded changes. Every file is loaded (one row per year and
region); the marts use the latest year.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration.sources.contracts import seed_codes

DIRECTORY = "boundaries"
FILE_PATTERN = re.compile(r"^arbeidsmarktregio_(?P<year>\d{4})\.geojson$")
TABLE = "raw.region_boundaries"
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
# Longitude and latitude bounds of the Netherlands with a margin (WGS84 degrees).
LON_RANGE = (3.0, 7.6)
LAT_RANGE = (50.6, 53.8)
MAX_SHOWN = 5


class BoundaryError(Exception):
    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


@dataclass(frozen=True)
class BoundaryLoad:
    year: int
    file: str
    checksum: str
    regions: int


def find_files(landing_dir: Path) -> dict[int, Path]:
    base = landing_dir / DIRECTORY
    if not base.is_dir():
        return {}
    found = {}
    for path in sorted(base.iterdir()):
        match = FILE_PATTERN.match(path.name)
        if match and path.is_file():
            found[int(match.group("year"))] = path
    return found


def _shown(items: list) -> str:
    more = f" and {len(items) - MAX_SHOWN} more" if len(items) > MAX_SHOWN else ""
    return ", ".join(str(item) for item in items[:MAX_SHOWN]) + more


def _positions(coordinates) -> list[tuple[float, float]]:
    """Every [lon, lat] position of a (Multi)Polygon coordinate array."""
    if (
        isinstance(coordinates, list)
        and len(coordinates) >= 2
        and all(isinstance(value, int | float) for value in coordinates[:2])
    ):
        return [(float(coordinates[0]), float(coordinates[1]))]
    if not isinstance(coordinates, list):
        raise TypeError("coordinates are not an array")
    positions = []
    for item in coordinates:
        positions.extend(_positions(item))
    return positions


def _ring_area(ring) -> float:
    """Absolute area of a ring by the shoelace formula (square degrees: only to compare)."""
    total = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += x1 * y2 - x2 * y1
    return abs(total) / 2


def outline(geometry: dict) -> dict:
    """The region's main polygon: the geometry itself, or the largest part of a
    MultiPolygon (the map layer draws one outer ring per row; small islands drop out)."""
    if geometry["type"] == "Polygon":
        return geometry
    largest = max(geometry["coordinates"], key=lambda part: _ring_area(part[0]))
    return {"type": "Polygon", "coordinates": largest}


def check_file(path: Path, region_codes: list[str]) -> list[tuple[str, str | None, str, str]]:
    """Validate one boundary file; return (region_code, region_name, geometry GeoJSON,
    outline GeoJSON) per region."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BoundaryError(path, [f"not a readable GeoJSON file (UTF-8 JSON): {error}"]) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise BoundaryError(path, ["expected a GeoJSON FeatureCollection at the top level"])
    features = document.get("features")
    if not isinstance(features, list) or not features:
        raise BoundaryError(path, ["the FeatureCollection has no features"])

    known = set(region_codes)
    rows, unknown, bad_geometry, outside, projected = [], [], [], [], []
    seen: dict[str, list[int]] = {}
    for number, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {}
        code = properties.get("statcode")
        if code not in known:
            unknown.append(f"feature {number} ({code!r})")
            continue
        seen.setdefault(code, []).append(number)
        geometry = (feature or {}).get("geometry") or {}
        if geometry.get("type") not in GEOMETRY_TYPES:
            bad_geometry.append(f"feature {number} ({code}: {geometry.get('type')!r})")
            continue
        try:
            positions = _positions(geometry.get("coordinates"))
        except (TypeError, RecursionError):
            bad_geometry.append(f"feature {number} ({code}: malformed coordinates)")
            continue
        if not positions:
            bad_geometry.append(f"feature {number} ({code}: no coordinates)")
            continue
        if any(abs(lon) > 180 or abs(lat) > 90 for lon, lat in positions):
            projected.append(f"feature {number} ({code})")
            continue
        if not all(
            LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]
            for lon, lat in positions
        ):
            outside.append(f"feature {number} ({code})")
            continue
        rows.append(
            (
                code,
                properties.get("statnaam"),
                json.dumps(geometry, separators=(",", ":")),
                json.dumps(outline(geometry), separators=(",", ":")),
            )
        )

    problems = []
    if unknown:
        problems.append(
            "property 'statcode': not an arbeidsmarktregio code of the reference "
            f"seed in {_shown(unknown)}"
        )
    duplicates = [
        f"{code} (features {numbers})" for code, numbers in seen.items() if len(numbers) > 1
    ]
    if duplicates:
        problems.append(
            f"property 'statcode': region delivered more than once: {_shown(duplicates)}"
        )
    missing = sorted(known - set(seen))
    if missing:
        problems.append(f"property 'statcode': {len(missing)} region(s) missing: {_shown(missing)}")
    if bad_geometry:
        problems.append(f"'geometry': expected Polygon or MultiPolygon in {_shown(bad_geometry)}")
    if projected:
        problems.append(
            "'geometry': coordinates are not degrees (RD New / EPSG:28992?) in "
            f"{_shown(projected)}; deliver WGS84 (EPSG:4326), e.g. WFS "
            "srsName=EPSG:4326"
        )
    if outside:
        problems.append(
            f"'geometry': coordinates outside the Netherlands (lon {LON_RANGE}, "
            f"lat {LAT_RANGE}) in {_shown(outside)}"
        )
    if problems:
        raise BoundaryError(path, problems)
    return rows


def ensure_table(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists raw")
    con.execute(
        f"create table if not exists {TABLE} ("
        "boundary_year integer not null, region_code varchar not null, region_name varchar, "
        "geometry_geojson varchar not null, outline_geojson varchar not null, "
        "source_file varchar not null, "
        "checksum varchar not null, loaded_at timestamp not null, "
        "primary key (boundary_year, region_code))"
    )


def load_boundaries(db_path: Path, landing_dir: Path, log=print) -> list[BoundaryLoad]:
    """Check every boundary file, then replace the table's contents in one transaction.

    All files are checked before anything is written; one bad file refuses the load and the
    table keeps what it had. Without files the table exists and is empty.
    """
    files = find_files(landing_dir)
    region_codes = seed_codes("ref_labour_market_regions.region_code")
    checked = []
    errors: list[BoundaryError] = []
    for year, path in files.items():
        try:
            checked.append((year, path, check_file(path, region_codes)))
        except BoundaryError as error:
            errors.append(error)
    if errors:
        raise BoundaryLoadError(errors)

    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(db_path))
    loads = []
    try:
        con.execute("begin transaction")
        ensure_table(con)
        con.execute(f"delete from {TABLE}")
        now = datetime.now(UTC).replace(tzinfo=None)
        for year, path, rows in checked:
            relative = path.relative_to(landing_dir).as_posix()
            checksum = hashlib.sha256(path.read_bytes()).hexdigest()
            con.executemany(
                f"insert into {TABLE} values (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (year, code, name, geometry, shape, relative, checksum, now)
                    for code, name, geometry, shape in rows
                ],
            )
            loads.append(BoundaryLoad(year, relative, checksum, len(rows)))
            log(f"region boundaries {year}: {len(rows)} regions from {relative}")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        con.close()
    return loads


class BoundaryLoadError(Exception):
    def __init__(self, errors: list[BoundaryError]):
        self.errors = errors
        lines = [f"  - {error}" for error in errors]
        super().__init__(
            f"region boundaries: {len(errors)} file(s) refused, nothing loaded:\n"
            + "\n".join(lines)
        )
