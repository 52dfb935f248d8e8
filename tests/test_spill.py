"""Spilled tables are the tables held in memory, byte for byte once written; their files go."""

from __future__ import annotations

import datetime as dt
import io
import os

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline import spill
from pipeline.page_dropper import DROPPER
from pipeline.spill import (
    MemoryTable,
    SpilledTable,
    new_table,
    reordered,
    spilling,
    take_scattered,
    without_rows,
)
from pipeline.tables import SCHEMAS, published, to_arrow


@pytest.fixture(autouse=True)
def _spill_every_table(monkeypatch):
    """Tables spill from their first row here (a run keeps those under 1 MB in memory)."""
    monkeypatch.setattr(spill, "SPILL_AFTER_BYTES", 0)


def _mentions(n: int) -> pa.Table:
    """n mention rows with nulls, empty strings and lists, and a bool, at no regular stride."""
    rows = []
    for i in range(n):
        rows.append({
            "mention_id": f"a{i}#m1", "article_id": f"a{i}", "evidence": "" if i % 5 == 0 else f"text {i} " * (i % 4),
            "char_start": i, "char_end": None if i % 3 == 0 else i * 7, "background": None if i % 7 == 0 else i % 2 == 0,
            "event_date": None if i % 4 == 0 else dt.date(2024, 1, 1) + dt.timedelta(days=i),
            "latitude": None if i % 6 == 0 else i / 3, "event_type": ["Battles", "Riots", None][i % 3],
            "rule_ids": None if i % 11 == 0 else [f"r{j}" for j in range(i % 4)],
        })
    return to_arrow(rows, "mentions")


def _spilled(t: pa.Table, sizes) -> pa.Table:
    out, start = new_table(t.schema), 0
    for n in sizes:
        out.append(t.slice(start, n))  # slices: buffers that start at an offset, bits mid-byte
        start += n
    out.append(t.slice(start))
    return out.table()


def _parquet(t: pa.Table) -> bytes:
    buf = io.BytesIO()
    pq.write_table(published(t, {"k": "v"}), buf, compression="zstd", write_statistics=True)
    return buf.getvalue()


@pytest.mark.parametrize("sizes", [(), (1,), (3, 0, 13, 1, 8), (100,)])
def test_a_spilled_table_is_the_table_as_one_chunk_and_writes_the_same_parquet(tmp_path, sizes):
    t = _mentions(61)
    held = _parquet(t.combine_chunks())  # outside spilling: encoded in memory, as before
    with spilling(tmp_path / "out") as folder:
        assert folder is not None and isinstance(new_table(t.schema), SpilledTable)
        back = _spilled(t, sizes)
        assert back.equals(t) and all(c.num_chunks == 1 for c in back.columns)
        assert back.column("rule_ids").to_pylist() == t.column("rule_ids").to_pylist()
        assert _parquet(back) == held
        DROPPER.drop_all()  # dropped pages are read again from the files
        assert back.equals(t)


@pytest.mark.parametrize("n", [0, 1])
def test_an_empty_or_one_row_table_spills_too(tmp_path, n):
    t = _mentions(n)
    with spilling(tmp_path / "out"):
        back = _spilled(t, ())
    assert back.equals(t) and back.num_rows == n


def test_a_small_table_stays_in_memory_until_it_passes_the_threshold(tmp_path, monkeypatch):
    t = _mentions(61)
    monkeypatch.setattr(spill, "SPILL_AFTER_BYTES", t.slice(0, 30).nbytes)
    with spilling(tmp_path / "out") as folder:
        small = _spilled(t.slice(0, 20), (7,))
        assert small.equals(t.slice(0, 20)) and not any(folder.path.iterdir()) and not DROPPER.maps_of(small)
        grown = _spilled(t, (20, 20))  # passes it with its third batch: what was held is spilled first
        assert grown.equals(t) and any(folder.path.iterdir()) and DROPPER.maps_of(grown)
        assert all(c.num_chunks == 1 for c in grown.columns)


def test_every_table_of_the_contract_spills(tmp_path):
    with spilling(tmp_path / "out"):
        for name in ("articles", "mentions", "events", "merges", "quarantine"):
            assert new_table(SCHEMAS[name]).table().equals(SCHEMAS[name].empty_table())


def test_the_spill_folder_goes_when_the_block_ends_or_fails(tmp_path):
    with spilling(tmp_path / "out") as folder:
        new_table(SCHEMAS["merges"]).append(to_arrow([{"mention_id": "m"}], "merges"))
        assert folder.path.parent == tmp_path and any(folder.path.iterdir())
    assert not folder.path.exists()
    with pytest.raises(KeyError), spilling(tmp_path / "out") as folder:
        raise KeyError("boom")
    assert not folder.path.exists() and list(tmp_path.iterdir()) == []


def test_a_killed_run_s_spill_folder_is_removed_by_the_next(tmp_path):
    dead = tmp_path / f".out.spill-{2**22 + 12345}"  # above pid_max: no such process
    dead.mkdir()
    (dead / "c0.values").write_bytes(b"x")
    with spilling(tmp_path / "out"):
        assert not dead.exists()


def test_without_a_usable_folder_tables_are_held_in_memory(tmp_path, capsys):
    (tmp_path / "file").write_text("")
    with spilling(tmp_path / "file" / "out") as folder:
        assert folder is None and isinstance(new_table(SCHEMAS["events"]), MemoryTable)
    assert "held in memory" in capsys.readouterr().err
    assert isinstance(new_table(SCHEMAS["events"]), MemoryTable)  # outside the block as well


def test_reordered_take_scattered_and_without_rows_build_what_take_and_filter_build(tmp_path, monkeypatch):
    monkeypatch.setattr(spill, "SLICE_ROWS", 7)
    monkeypatch.setattr(spill, "SCATTERED_BYTES", 1000)
    t = _mentions(40)
    monkeypatch.setattr(spill, "REORDER_BYTES", t.nbytes // 6)  # six passes and more
    order = pa.array(np.random.default_rng(3).permutation(40), type=pa.uint64())
    scattered = pa.array(list(range(39, -1, -3)) + [0, 0], type=pa.int64())
    drop = [0, 6, 7, 8, 39]
    for spilled in (False, True):
        with spilling(tmp_path / "out") if spilled else _nothing():
            held = _spilled(t, (11,)) if spilled else t
            assert reordered(held, order).equals(t.take(order))
            assert take_scattered(held, scattered).equals(t.take(scattered))
            kept = [i for i in range(40) if i not in drop]
            assert without_rows(held, drop).equals(t.take(pa.array(kept)))
            assert without_rows(held, []) is held


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def test_a_mapped_table_takes_no_more_rows(tmp_path):
    with spilling(tmp_path / "out"):
        held = new_table(SCHEMAS["merges"])
        held.table()
        with pytest.raises(RuntimeError):
            held.append(to_arrow([{"mention_id": "m"}], "merges"))


def test_the_page_dropper_stops_when_no_map_is_left(tmp_path):
    with spilling(tmp_path / "out"):
        _spilled(_mentions(10), (3,))
        assert DROPPER._thread is not None
    DROPPER._thread and DROPPER._thread.join(timeout=2)
    assert DROPPER._thread is None and os.listdir(tmp_path) == []


def _compile_without_spill(monkeypatch):
    """Make `compile` hold its tables in memory, as when no spill folder can be made."""
    import contextlib

    @contextlib.contextmanager
    def in_memory(out):
        yield None

    monkeypatch.setattr(spill, "spilling", in_memory)


def test_compile_writes_the_same_files_spilled_and_in_memory_and_leaves_no_spill(tmp_path, monkeypatch):
    from pipeline import tables
    from pipeline.cli import main
    from tests.test_cli import CONTRACT, _dev_subset

    monkeypatch.setattr(tables, "BATCH_ROWS", 13)  # many batches, each appended to the spill
    src = _dev_subset(tmp_path, 60)
    seen = []
    real = spill.SpillFolder.close
    monkeypatch.setattr(spill.SpillFolder, "close", lambda self: (seen.append(self.path), real(self)))
    assert main(["compile", str(src), "--out", str(tmp_path / "spilled"), "--jobs", "1"]) == 0
    assert len(seen) == 1 and not seen[0].exists()
    _compile_without_spill(monkeypatch)
    assert main(["compile", str(src), "--out", str(tmp_path / "held"), "--jobs", "1"]) == 0
    for f in CONTRACT:
        assert (tmp_path / "spilled" / f).read_bytes() == (tmp_path / "held" / f).read_bytes(), f
    assert sorted(p.name for p in tmp_path.iterdir()) == ["held", "spilled", "subset.csv"]


@pytest.mark.parametrize("lines", [[], ['{"id": "x", "text": "Gunmen killed 12 villagers in Zamfara on Friday."}']])
def test_compile_of_no_article_or_one_article_leaves_no_spill(tmp_path, lines):
    from pipeline.cli import main
    from pipeline.errors import EXIT_INPUT

    src = tmp_path / "in.jsonl"
    src.write_text("".join(line + "\n" for line in lines))
    code = main(["compile", str(src), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-mention-cache"])
    assert code == (0 if lines else EXIT_INPUT)
    assert sorted(p.name for p in tmp_path.iterdir()) == (["in.jsonl", "out"] if lines else ["in.jsonl"])
    if lines:
        assert pq.read_table(tmp_path / "out" / "articles.parquet").num_rows == 1


def test_a_compile_that_fails_midway_removes_its_spill(tmp_path, monkeypatch):
    from pipeline import stages
    from pipeline.cli import main
    from tests.test_cli import _dev_subset

    src = _dev_subset(tmp_path, 5)

    def fail(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(stages, "resolve_table", fail)
    with pytest.raises(OSError):
        main(["compile", str(src), "--out", str(tmp_path / "out"), "--jobs", "1", "--no-mention-cache"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["subset.csv"]


def test_dictionary_encoding_a_slice_at_a_time_is_encoding_the_whole_column(tmp_path, monkeypatch):
    from pipeline.spill import dictionary_encoded

    monkeypatch.setattr(spill, "SLICE_ROWS", 4)
    values = [None, "b", "a", "b", None, None, None, None, "c", "a", "d", None, "b"]
    for column in (pa.chunked_array([values[:5], values[5:]]), pa.chunked_array([[None] * 6], type=pa.string()),
                   pa.chunked_array([], type=pa.string())):
        whole = column.dictionary_encode().combine_chunks()
        with spilling(tmp_path / "out"):
            mapped = new_table(pa.schema([("v", pa.string())]))
            mapped.append(pa.table({"v": column}))
            sliced = dictionary_encoded(mapped.table().column(0))
            assert sliced.equals(whole) and sliced.dictionary.equals(whole.dictionary)
            assert sliced.type == whole.type and sliced.null_count == whole.null_count
