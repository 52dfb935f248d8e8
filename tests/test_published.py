"""The published Parquet reads back with the same types and values in pandas (default
settings), polars, DuckDB and Arrow; each file names its dataset in its own metadata."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.tables import write_published

META = {"dataset_version": "0.1.0+aaaa.bbbb", "compiler_version": "0.1.0", "ruleset_hash": "r" * 64,
        "schema_hash": "s" * 64, "input_hash": "i" * 64}


def _events() -> list[dict]:
    # Two events of an invented country: the second has every nullable field empty.
    full = {"event_id_cnty": "XXX000000000001", "event_date": dt.date(2024, 5, 12), "year": 2024, "time_precision": 1,
            "disorder_type": "Political violence", "event_type": "Battles", "sub_event_type": "Armed clash",
            "actor1": "Military Forces of Freedonia", "inter1": "State forces", "inter1_code": 1,
            "interaction": "State forces-Rebel groups", "interaction_code": 12,
            "country": "Freedonia", "latitude": 1.5, "longitude": 2.5, "geo_precision": 2, "fatalities": 4,
            "timestamp": 1715472000, "article_ids": ["a1", "a2"], "mention_ids": ["m1"], "n_sources": 2,
            "rule_ids": ["armed-clash"]}
    empty = {"event_id_cnty": "XXX000000000002", "event_type": "Protests", "sub_event_type": "Peaceful protest",
             "disorder_type": "Demonstrations", "fatalities": 0, "article_ids": ["a3"], "mention_ids": ["m2"],
             "n_sources": 1, "rule_ids": []}
    return [full, empty]


@pytest.fixture(scope="module")
def events_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("published") / "events.parquet"
    write_published(_events(), "events", path, META)
    return path


def test_pandas_defaults_give_nullable_integers_dates_and_categories(events_file):
    df = pd.read_parquet(events_file)
    for col in ("year", "time_precision", "inter1_code", "interaction_code", "geo_precision", "timestamp", "fatalities"):
        assert str(df[col].dtype) == "Int64", col
    assert df["geo_precision"].isna().iloc[1] and df["geo_precision"].iloc[0] == 2
    assert str(df["event_date"].dtype).startswith("date32")
    assert df["event_date"].iloc[0] == dt.date(2024, 5, 12) and pd.isna(df["event_date"].iloc[1])
    assert df["event_date"].dt.year.iloc[0] == 2024
    for col in ("event_type", "sub_event_type", "inter1", "interaction", "country"):
        assert isinstance(df[col].dtype, pd.CategoricalDtype), col
    assert list(df["article_ids"].iloc[0]) == ["a1", "a2"]


def test_polars_reads_the_same_types_and_values(events_file):
    pl = pytest.importorskip("polars")
    df = pl.read_parquet(events_file)
    assert df.schema["event_date"] == pl.Date and df.schema["fatalities"] == pl.Int64
    assert df.schema["event_type"] in (pl.Categorical, pl.Categorical())
    assert df["event_date"].to_list() == [dt.date(2024, 5, 12), None]
    assert df["geo_precision"].to_list() == [2, None] and df["article_ids"].to_list()[0] == ["a1", "a2"]


def test_duckdb_reads_the_same_types_and_values(events_file):
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    rel = con.sql(f"select event_date, geo_precision, event_type, article_ids from read_parquet('{events_file}')")
    assert [str(t) for t in rel.types] == ["DATE", "BIGINT", "VARCHAR", "VARCHAR[]"]
    assert rel.fetchall()[0] == (dt.date(2024, 5, 12), 2, "Battles", ["a1", "a2"])


def test_every_file_carries_its_dataset_version_and_hashes(events_file):
    meta = pq.read_schema(events_file).metadata
    for key, value in META.items():
        assert meta[key.encode()].decode() == value


def test_a_hive_partitioned_copy_reads_back_by_year_and_country(tmp_path):
    import pyarrow.dataset as ds

    from pipeline.tables import write_partitioned

    write_partitioned(_events(), "events", tmp_path / "events", META)
    files = sorted(p.relative_to(tmp_path / "events").as_posix() for p in (tmp_path / "events").rglob("*.parquet"))
    assert files == ["year=2024/country=Freedonia/part-0.parquet",
                     "year=__HIVE_DEFAULT_PARTITION__/country=__HIVE_DEFAULT_PARTITION__/part-0.parquet"]
    rows = ds.dataset(tmp_path / "events", format="parquet", partitioning="hive").to_table(
        filter=ds.field("country") == "Freedonia").to_pylist()
    assert [r["event_id_cnty"] for r in rows] == ["XXX000000000001"]
    duckdb = pytest.importorskip("duckdb")
    n = duckdb.sql(f"select count(*) from read_parquet('{tmp_path}/events/*/*/*.parquet', hive_partitioning=true) "
                   "where year = 2024").fetchall()[0][0]
    assert n == 1


def test_large_outputs_get_the_partitioned_copy_beside_the_single_file(tmp_path, monkeypatch):
    from pipeline import export
    from pipeline.vocab import DEFAULT_RULES_DIR, load_vocabulary

    manifest = {**META, "counts": {}}
    monkeypatch.setattr(export, "PARTITION_MIN_EVENTS", 3)
    export.write_outputs(tmp_path / "small", [], [], _events(), [], [], manifest, load_vocabulary(DEFAULT_RULES_DIR))
    assert not (tmp_path / "small" / "events").exists()
    monkeypatch.setattr(export, "PARTITION_MIN_EVENTS", 2)
    export.write_outputs(tmp_path / "large", [], [], _events(), [], [], manifest, load_vocabulary(DEFAULT_RULES_DIR))
    assert (tmp_path / "large" / "events.parquet").exists() and (tmp_path / "large" / "events" / "year=2024").is_dir()


def test_a_compiled_events_file_reads_the_same_in_pandas_polars_and_duckdb(multi_outlet_out):
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    path = multi_outlet_out / "events.parquet"
    cols = ["event_id_cnty", "event_date", "fatalities", "geo_precision", "inter1", "event_type"]
    by_pandas = [tuple(None if pd.isna(v) else v for v in row)
                 for row in pd.read_parquet(path)[cols].itertuples(index=False)]
    by_polars = [tuple(row) for row in pl.read_parquet(path).select(cols).iter_rows()]
    by_duckdb = duckdb.sql(f"select {', '.join(cols)} from read_parquet('{path}')").fetchall()
    assert by_pandas == by_polars == [tuple(r) for r in by_duckdb] and len(by_pandas) >= 3
