"""The optional region-boundary file (CBS/PDOK gebiedsindeling GeoJSON): loaded when valid,
refused with the file, the property and the features named when not, and then nothing
already loaded changes."""

from __future__ import annotations

import json

import duckdb
import pytest

from orchestration.sources.boundaries import BoundaryLoadError, load_boundaries
from tests.conftest import square_boundary_features, write_test_boundaries


def table(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "select boundary_year, region_code, geometry_geojson, outline_geojson "
            "from raw.region_boundaries order by all"
        ).fetchall()
    finally:
        con.close()


@pytest.fixture
def landing(tmp_path):
    return tmp_path / "landing"


def test_without_a_file_the_table_exists_and_is_empty(landing, tmp_path):
    db = tmp_path / "build.duckdb"
    assert load_boundaries(db, landing, log=lambda _: None) == []
    assert table(db) == []


def test_a_valid_file_loads_all_35_regions_with_their_outline(landing, tmp_path):
    db = tmp_path / "build.duckdb"
    write_test_boundaries(landing)
    (load,) = load_boundaries(db, landing, log=lambda _: None)
    assert (load.year, load.regions) == (2024, 35)
    rows = {row[1]: row for row in table(db)}
    assert len(rows) == 35
    # AM01 is a MultiPolygon: the outline is its largest part, a Polygon.
    geometry, shape = json.loads(rows["AM01"][2]), json.loads(rows["AM01"][3])
    assert geometry["type"] == "MultiPolygon" and shape["type"] == "Polygon"
    assert shape["coordinates"] == geometry["coordinates"][1]
    assert json.loads(rows["AM02"][3]) == json.loads(rows["AM02"][2])


def refused(landing, db, *fragments):
    before = table(db) if db.exists() else None
    with pytest.raises(BoundaryLoadError) as error:
        load_boundaries(db, landing, log=lambda _: None)
    message = str(error.value)
    assert "arbeidsmarktregio_2024.geojson" in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message}"
    if before is not None:
        assert table(db) == before, "the loaded boundaries changed"
    return message


@pytest.fixture
def loaded(landing, tmp_path):
    """A database that already holds the 2023 boundaries."""
    db = tmp_path / "build.duckdb"
    write_test_boundaries(landing, year=2023)
    load_boundaries(db, landing, log=lambda _: None)
    return db


def test_unknown_region_code(landing, loaded):
    features = square_boundary_features()
    features[4]["properties"]["statcode"] = "AM99"
    write_test_boundaries(landing, features=features)
    refused(landing, loaded, "property 'statcode'", "feature 5 ('AM99')", "1 region(s) missing")


def test_region_delivered_twice(landing, loaded):
    features = square_boundary_features()
    write_test_boundaries(landing, features=[*features, features[0]])
    refused(landing, loaded, "more than once", "AM01 (features [1, 36])")


def test_geometry_that_is_not_a_polygon(landing, loaded):
    features = square_boundary_features()
    features[2]["geometry"] = {"type": "Point", "coordinates": [5.0, 52.0]}
    write_test_boundaries(landing, features=features)
    refused(landing, loaded, "'geometry'", "feature 3", "'Point'")


def test_coordinates_in_rd_new_instead_of_degrees(landing, loaded):
    features = square_boundary_features()
    features[0]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[233000, 582000], [234000, 582000], [234000, 583000], [233000, 582000]]],
    }
    write_test_boundaries(landing, features=features)
    refused(landing, loaded, "EPSG:28992", "EPSG:4326", "feature 1 (AM01)")


def test_coordinates_outside_the_netherlands(landing, loaded):
    features = square_boundary_features()
    features[1]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[2.0, 48.0], [2.1, 48.0], [2.1, 48.1], [2.0, 48.0]]],
    }
    write_test_boundaries(landing, features=features)
    refused(landing, loaded, "outside the Netherlands", "feature 2 (AM02)")


def test_not_json(landing, loaded):
    path = write_test_boundaries(landing)
    path.write_bytes(path.read_bytes()[:500])
    refused(landing, loaded, "not a readable GeoJSON file")
