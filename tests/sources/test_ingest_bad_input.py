"""Bad deliveries are refused with a clear message and change nothing already loaded.

Each case takes a valid generated file, breaks it the way real deliveries break, drops it
in a landing zone whose other files were loaded before, and checks that ingestion fails
naming the file, the column and the rows; that the build database is unchanged; and that
the file is still in the landing zone for inspection.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyreadstat
import pytest

from orchestration.sources.contracts import all_contracts
from orchestration.sources.ingest import IngestError, ingest_source
from tests.conftest import generate


@pytest.fixture(scope="module")
def tiny_landing(tmp_path_factory) -> Path:
    landing = tmp_path_factory.mktemp("landing")
    generate(landing, scale="tiny", seed=11, sources="ebb,poa,nss")
    return landing


_LOADED: dict[str, Path] = {}


class Delivery:
    """A landing zone with one source's files loaded into a fresh build database: all
    periods but the last, which is the delivery under test."""

    def __init__(self, tmp_path: Path, tiny_landing: Path, source: str):
        self.contract = all_contracts()[source]
        self.landing = tmp_path / "landing"
        folder = Path(self.contract.file_pattern).parent
        shutil.copytree(tiny_landing / folder, self.landing / folder)
        self.files = self.contract.find_files(self.landing)
        self.db = tmp_path / "build.duckdb"
        self.period, self.path = list(self.files.items())[-1]
        self.pending = self.path.read_bytes()
        self.path.unlink()
        if source not in _LOADED:  # load once per source, copy for every test
            loaded = tiny_landing.parent / f"loaded_{source}.duckdb"
            ingest_source(loaded, self.contract, self.landing, log=lambda _: None)
            _LOADED[source] = loaded
        shutil.copyfile(_LOADED[source], self.db)
        self.before = self.snapshot()

    def snapshot(self):
        con = duckdb.connect(str(self.db), read_only=True)
        try:
            table = f'raw."{self.contract.source}"'
            return (
                con.execute(f"select count(*), sum(hash(t)::hugeint) from {table} t").fetchone(),
                con.execute("select * from pipeline.ingest_log order by all").fetchall(),
            )
        finally:
            con.close()

    def frame(self) -> pd.DataFrame:
        path = self.path.with_suffix(".orig" + self.path.suffix)
        path.write_bytes(self.pending)
        try:
            if self.contract.format == "parquet":
                return pd.read_parquet(path)
            if self.contract.format == "sav":
                return pyreadstat.read_sav(str(path))[0]
            return pd.read_csv(
                path, sep=self.contract.csv.get("delimiter", ","), dtype=str, keep_default_na=False
            )
        finally:
            path.unlink()

    def write(self, frame: pd.DataFrame) -> None:
        if self.contract.format == "parquet":
            frame.to_parquet(self.path, index=False)
        elif self.contract.format == "sav":
            pyreadstat.write_sav(frame, str(self.path))
        else:
            frame.to_csv(
                self.path,
                sep=self.contract.csv.get("delimiter", ","),
                index=False,
                encoding=self.contract.csv.get("encoding", "utf-8"),
            )

    def write_bytes(self, data: bytes) -> None:
        self.path.write_bytes(data)

    def refused(self, *fragments: str) -> str:
        with pytest.raises(IngestError) as error:
            ingest_source(self.db, self.contract, self.landing, log=lambda _: None)
        message = str(error.value)
        assert self.path.name in message
        for fragment in fragments:
            assert fragment in message, f"{fragment!r} not in: {message}"
        assert self.snapshot() == self.before, "the build database changed"
        assert self.path.exists(), "the rejected file left the landing zone"
        return message


@pytest.fixture
def ebb(tmp_path, tiny_landing):
    return Delivery(tmp_path, tiny_landing, "ebb")


def test_valid_delivery_is_loaded_and_logged(ebb):
    ebb.write_bytes(ebb.pending)
    results = ingest_source(ebb.db, ebb.contract, ebb.landing, log=lambda _: None)
    loaded = [r for r in results if r.action == "loaded"]
    assert [r.period for r in loaded] == [ebb.period]
    again = ingest_source(ebb.db, ebb.contract, ebb.landing, log=lambda _: None)
    assert {r.action for r in again} == {"unchanged"}


def test_changed_file_replaces_exactly_its_period_as_a_revision(ebb):
    ebb.write_bytes(ebb.pending)
    ingest_source(ebb.db, ebb.contract, ebb.landing, log=lambda _: None)
    frame = ebb.frame().head(50)
    ebb.write(frame)
    results = ingest_source(ebb.db, ebb.contract, ebb.landing, log=lambda _: None)
    assert [(r.period, r.action, r.rows) for r in results if r.action != "unchanged"] == [
        (ebb.period, "revised", 50)
    ]
    con = duckdb.connect(str(ebb.db), read_only=True)
    counts = dict(con.execute("select _period, count(*) from raw.ebb group by 1").fetchall())
    revisions = con.execute(
        "select revision from pipeline.ingest_log where period = ? order by revision", [ebb.period]
    ).fetchall()
    con.close()
    assert counts[ebb.period] == 50
    assert sum(counts.values()) == ebb.before[0][0] + 50
    assert revisions == [(1,), (2,)]


def test_missing_column(ebb):
    ebb.write(ebb.frame().drop(columns=["amr_code"]))
    ebb.refused("missing columns ['amr_code']")


def test_extra_column(ebb):
    frame = ebb.frame()
    frame["postcode"] = "1234AB"
    ebb.write(frame)
    ebb.refused("unexpected columns ['postcode']")


def test_wrong_type(ebb):
    frame = ebb.frame()
    frame["leeftijd"] = frame["leeftijd"].astype(str)
    frame.loc[3, "leeftijd"] = "veertig"
    ebb.write(frame)
    ebb.refused("column 'leeftijd'", "not of type integer", "row 4 ('veertig')")


def test_code_outside_code_list(ebb):
    frame = ebb.frame()
    frame.loc[[0, 6], "amr_code"] = "AM99"
    ebb.write(frame)
    ebb.refused(
        "column 'amr_code'",
        "2 code(s) outside ref_labour_market_regions.region_code",
        "row 1 ('AM99')",
        "row 7 ('AM99')",
    )


def test_duplicate_keys(ebb):
    frame = ebb.frame()
    frame = pd.concat([frame, frame.iloc[[2]]], ignore_index=True)
    ebb.write(frame)
    ebb.refused("duplicate keys", "rinpersoon", f"rows [3, {len(frame)}]")


def test_required_value_missing(ebb):
    frame = ebb.frame()
    frame["ophoogfactor"] = frame["ophoogfactor"].astype(object)
    frame.loc[4, "ophoogfactor"] = None
    ebb.write(frame)
    ebb.refused("column 'ophoogfactor'", "empty value(s) where a value is required", "row 5")


def test_empty_file(ebb):
    ebb.write_bytes(b"")
    ebb.refused("the file is empty")


def test_file_with_no_rows(ebb):
    ebb.write(ebb.frame().head(0))
    ebb.refused("no rows")


def test_truncated_file(ebb):
    ebb.write_bytes(ebb.pending[: len(ebb.pending) // 2])
    ebb.refused("truncated or corrupt")


def test_period_in_file_does_not_match_its_name(ebb):
    frame = ebb.frame()
    frame.loc[:, "jaar"] = frame["jaar"] - 1
    ebb.write(frame)
    ebb.refused("column 'jaar'", f"not in period {ebb.period}", "row 1")


def test_implausible_value(ebb):
    frame = ebb.frame()
    frame.loc[8, "leeftijd"] = 140
    ebb.write(frame)
    ebb.refused("column 'leeftijd'", "above the maximum", "row 9 (140)")


@pytest.fixture
def csv_source(tmp_path, tiny_landing):
    return Delivery(tmp_path, tiny_landing, "poa")


def test_csv_wrong_encoding(csv_source):
    text = csv_source.pending.decode("utf-8")
    lines = text.splitlines(keepends=True)
    broken = lines[0].encode("utf-8") + lines[1].encode("utf-8") + "Café\n".encode("latin-1")
    csv_source.write_bytes(broken + "".join(lines[2:]).encode("utf-8"))
    csv_source.refused("not valid utf-8", "line 3")


def test_csv_truncated_mid_row(csv_source):
    delimiter = csv_source.contract.csv.get("delimiter", ",")
    text = csv_source.pending.decode("utf-8").rstrip("\n")
    head, _, last = text.rpartition("\n")
    cut = head + "\n" + last[: last.index(delimiter) + 1]
    csv_source.write_bytes(cut.encode("utf-8"))
    csv_source.refused("not a readable CSV file")


@pytest.fixture
def sav_source(tmp_path, tiny_landing):
    return Delivery(tmp_path, tiny_landing, "nss")


def test_sav_corrupt(sav_source):
    sav_source.write_bytes(sav_source.pending[: len(sav_source.pending) // 3])
    sav_source.refused("truncated or corrupt")


def test_sav_value_labels_are_kept(sav_source):
    sav_source.write_bytes(sav_source.pending)
    ingest_source(sav_source.db, sav_source.contract, sav_source.landing, log=lambda _: None)
    con = duckdb.connect(str(sav_source.db), read_only=True)
    labels = con.execute("select count(*) from raw._value_labels where source = 'nss'").fetchone()[
        0
    ]
    con.close()
    assert labels > 0


def test_sav_blank_required_string_is_refused(sav_source):
    """SPSS stores a missing string as '' (or blanks): it counts as a missing value, so a
    required string column with a blank is refused as empty, not as an unknown code."""
    frame = sav_source.frame()
    frame["amr_code"] = frame["amr_code"].astype(object)
    frame.loc[2, "amr_code"] = " "
    sav_source.write(frame)
    sav_source.refused("column 'amr_code'", "empty value(s) where a value is required", "row 3")
