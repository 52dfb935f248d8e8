"""Arrow tables too large to hold, written to files a batch at a time and mapped back whole.

A Parquet file's bytes depend on the chunks of the table written (page and dictionary
boundaries follow them), so each output table must reach `pq.write_table` as one chunk
per column; held in memory, the tables of a million texts were most of a run's RSS. Here
each column's Arrow buffers (validity bits, offsets, values; a list's child the same
way) are appended to files as batches come, then memory-mapped as one chunk: the table
is whole without being in memory (pipeline.spill_buffers); the pages read of the maps are
dropped (pipeline.page_dropper). The operations below build tables a slice at a time.

`spilling(out)` opens a run's spill folder (`.NAME.spill-PID` beside `out`, removed on
leaving, whatever happened; a killed run's is removed by the next, see atomic_output);
`new_table(schema)` gives a table to append to: spilled inside `spilling`, in memory
outside it (the tests' stages and a run whose folder could not be made). Either gives the
same table, one chunk per column.
"""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import mmap
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipeline.atomic_output import SPILL, remove_abandoned, sibling
from pipeline.page_dropper import DROPPER
from pipeline.spill_buffers import column_writer

_folder: contextvars.ContextVar[SpillFolder | None] = contextvars.ContextVar("spill_folder", default=None)


class MemoryTable:
    """Batches held in memory, given back as one chunk per column (the fallback)."""

    def __init__(self, schema: pa.Schema) -> None:
        self.schema, self._parts, self.num_rows = schema, [], 0

    def append(self, t: pa.Table) -> None:
        self._parts.append(t)
        self.num_rows += t.num_rows

    def table(self) -> pa.Table:
        if not self._parts:
            return self.schema.empty_table()
        whole = pa.concat_tables(self._parts).combine_chunks()
        self._parts = [whole]
        return whole


# A table is held in memory until its batches pass this size, then spilled: a small run
# creates no files (creating one took half a millisecond here, 600 of them a third of a
# second of a one-article compile), and no small table grows with the corpus.
SPILL_AFTER_BYTES = 1 << 20


class SpilledTable:
    """Batches appended to one file per Arrow buffer, mapped back by `table()`; held in
    memory while they are fewer than SPILL_AFTER_BYTES."""

    def __init__(self, folder: SpillFolder, schema: pa.Schema) -> None:
        self.schema, self.num_rows, self._folder = schema, 0, folder
        self._held, self._held_bytes = MemoryTable(schema), 0
        self._columns = None  # the writers, once spilled
        self._table: pa.Table | None = None

    def append(self, t: pa.Table) -> None:
        if self._table is not None:
            raise RuntimeError("a spilled table takes no rows once it was mapped")
        if not t.schema.equals(self.schema):
            t = t.cast(self.schema)
        self.num_rows += t.num_rows
        if self._columns is None:
            self._held.append(t)
            self._held_bytes += t.nbytes
            if self._held_bytes <= SPILL_AFTER_BYTES:
                return
            self._columns = [column_writer(self._folder.new_path(), f.type) for f in self.schema]
            t, self._held = self._held.table(), None
        for writer, column in zip(self._columns, t.columns, strict=True):
            for chunk in column.chunks:
                writer.append(chunk)

    def table(self) -> pa.Table:
        if self._table is None:
            if self._columns is None:
                self._table = self._held.table()
            else:
                arrays = [w.finish(self._folder.map) for w in self._columns]
                self._table = pa.Table.from_arrays(arrays, schema=self.schema)
        return self._table


class SpillFolder:
    """One run's spill files, and the maps made of them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._names = itertools.count()
        self._maps: list[mmap.mmap] = []

    def new_path(self) -> Path:
        return self.path / f"c{next(self._names)}"

    def map(self, path: Path) -> pa.Buffer:
        """The file's bytes, mapped read-only (an empty file: an empty buffer)."""
        size = path.stat().st_size
        if not size:
            return pa.py_buffer(b"")
        with path.open("rb") as f:
            mm = mmap.mmap(f.fileno(), size, prot=mmap.PROT_READ)
        self._maps.append(mm)
        buffer = pa.py_buffer(mm)
        DROPPER.add(mm, buffer.address)
        return buffer

    def close(self) -> None:
        for mm in self._maps:
            DROPPER.discard(mm)
            with contextlib.suppress(BufferError):  # a table still refers to it: unmapped when freed
                mm.close()
        self._maps = []
        shutil.rmtree(self.path, ignore_errors=True)


def new_table(schema: pa.Schema) -> SpilledTable | MemoryTable:
    """A table to append batches to: spilled inside `spilling`, in memory outside it."""
    folder = _folder.get()
    return SpilledTable(folder, schema) if folder is not None else MemoryTable(schema)


@contextlib.contextmanager
def spilling(out: Path) -> Iterator[SpillFolder | None]:
    """Large tables of the block spill into a folder beside `out`, removed on leaving. If
    it cannot be made the run goes on in memory, as it did before spilling existed."""
    path = sibling(out, SPILL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned(out)
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir()
    except OSError as exc:
        print(f"conflict-events: cannot write spill files beside {out} ({exc.strerror or exc}); "
              f"tables are held in memory", file=sys.stderr)
        yield None
        return
    folder = SpillFolder(path)
    token = _folder.set(folder)
    # pyarrow's default allocator (mimalloc) keeps what Arrow frees for reuse: RSS stayed at
    # its high-water mark (+96 MB after putting 180,000 events in order, 64 MB at most
    # allocated at once). The system allocator gives large blocks back when freed.
    pool = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield folder
    finally:
        pa.set_memory_pool(pool)
        _folder.reset(token)
        folder.close()


# -- tables built a slice at a time, so that no whole copy is ever in memory --

SLICE_ROWS = 16_384
# Bytes of a table put in order at once by `reordered`: each pass reads the whole table
# front to back and keeps the rows of this much of the output.
REORDER_BYTES = 16 << 20


# Bytes of a mapped table's pages one take of rows (see take_scattered) may touch.
SCATTERED_BYTES = 16 << 20
FAULT_AROUND = 64 << 10  # what the kernel maps around a page read of a file mapping


def take_scattered(t: pa.Table, indices: pa.Array) -> pa.Table:
    """`t.take(indices)` (ascending, mostly), in memory, one chunk per column. A row read
    of a mapped table maps 64 KB of each column around it, not one page: rows far apart
    each cost that, rows near each other the stretch between them. The rows are taken in
    groups estimated to touch SCATTERED_BYTES, the pages of `t`'s maps dropped after each."""
    maps = DROPPER.maps_of(t)
    at = indices.to_numpy().astype(np.int64)
    if not maps or not len(at):
        return t.take(indices).combine_chunks()
    row_bytes = max(1, t.nbytes // max(t.num_rows, 1))
    far = FAULT_AROUND * t.num_columns  # what a row far from the one before costs
    each = np.minimum(np.abs(np.diff(at, prepend=at[0])) * row_bytes, far)
    each[0] = far
    cost = np.cumsum(each)
    cuts = np.flatnonzero(np.diff(cost // SCATTERED_BYTES)) + 1
    parts = []
    for group in np.split(np.arange(len(at)), cuts):
        parts.append(t.take(indices.slice(int(group[0]), len(group))))
        DROPPER.drop_all(maps)
    return pa.concat_tables(parts).combine_chunks()


def reordered(t: pa.Table, order: pa.Array) -> pa.Table:
    """`t.take(order)` (`order` a permutation of t's rows), one chunk per column, built a
    stretch of the output at a time. Reading t's rows in `order` would read pages all over
    its mapped files at once (and the kernel maps 64 KB around each row read); instead each
    pass reads t front to back, a slice at a time, keeps the rows of its stretch and puts
    them in order in memory. Passes: t's size / REORDER_BYTES."""
    maps = DROPPER.maps_of(t)
    if not maps:  # in memory: taken at once
        return t.take(order).combine_chunks()
    n = t.num_rows
    rank = np.empty(n, dtype=np.int64)
    rank[order.to_numpy()] = np.arange(n)  # where each row goes
    per_pass = max(1, REORDER_BYTES * n // max(t.nbytes, 1))
    out = new_table(t.schema)
    for first in range(0, n, per_pass):
        parts, ranks = [], []
        for start in range(0, n, SLICE_ROWS):
            at = rank[start:start + SLICE_ROWS]
            keep = (at >= first) & (at < first + per_pass)
            if keep.any():
                parts.append(t.slice(start, SLICE_ROWS).filter(pa.array(keep)))
                ranks.append(at[keep])
            DROPPER.drop_all(maps)
        stretch = pa.concat_tables(parts)
        out.append(stretch.take(pa.array(np.argsort(np.concatenate(ranks), kind="stable"))))
    return out.table()


def without_rows(t: pa.Table, rows: list[int]) -> pa.Table:
    """`t` less the rows at the positions `rows`, one chunk per column (`t` itself if none)."""
    if not rows:
        return t
    drop = np.asarray(sorted(rows), dtype=np.int64)
    out = new_table(t.schema)
    for start in range(0, t.num_rows, SLICE_ROWS):
        part = t.slice(start, SLICE_ROWS)
        keep = np.ones(part.num_rows, dtype=bool)
        keep[drop[(drop >= start) & (drop < start + part.num_rows)] - start] = False
        out.append(part.filter(pa.array(keep)))
    return out.table()


def dictionary_encoded(column: pa.ChunkedArray) -> pa.Array:
    """`column.dictionary_encode().combine_chunks()`: int32 indices into the values in order
    of first appearance. A mapped column's indices are encoded a slice at a time into a
    spill (only the distinct values are held), as they grow with the rows."""
    if _folder.get() is None or not DROPPER.maps_of(pa.table({"column": column})):
        return column.dictionary_encode().combine_chunks()  # in memory: encoded at once
    ids: dict = {}  # value -> its index, in order of first appearance
    indices = new_table(pa.schema([("i", pa.int32())]))
    for start in range(0, len(column), SLICE_ROWS):
        local = column.slice(start, SLICE_ROWS).combine_chunks().dictionary_encode()
        # The slice's values come in order of their first appearance in it: new ones extend
        # the order of the slices before.
        to_global = np.array([ids.setdefault(v, len(ids)) for v in local.dictionary.to_pylist()], dtype=np.int32)
        at = local.indices.fill_null(0).to_numpy()
        global_ids = to_global[at] if len(to_global) else np.zeros(len(local), dtype=np.int32)
        nulls = local.indices.is_null().to_numpy(zero_copy_only=False)
        indices.append(pa.table({"i": pa.array(global_ids, type=pa.int32(), mask=nulls)}))
    dictionary = pa.array(list(ids), type=column.type)
    return pa.DictionaryArray.from_arrays(indices.table().column(0).chunk(0), dictionary)
