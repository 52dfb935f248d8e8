"""Arrow tables too large to hold, written to files a batch at a time and mapped back whole.

A Parquet file's bytes depend on the chunks of the table written (page and dictionary
boundaries follow them), so each output table must reach `pq.write_table` as one chunk
per column; held in memory, the tables of a million texts were most of a run's RSS. Here
each column's Arrow buffers (validity bits, offsets, values; a list's child the same
way) are appended to files as batches come, then memory-mapped as one chunk: the table
is whole without being in memory. A mapped page that was read counts in RSS until it is
dropped, so a thread drops them every 50 ms (madvise MADV_DONTNEED: a dropped page of a
read-only file mapping is read again from the page cache when needed).

`spilling(parent)` opens a run's spill folder (`.NAME.spill-PID` in `parent`, removed on
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
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa

from pipeline.atomic_output import SPILL, remove_abandoned, sibling

DROP_INTERVAL = 0.05  # seconds between two passes of the page dropper
_INT32_MAX = 2**31 - 1

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


class SpilledTable:
    """Batches appended to one file per Arrow buffer, mapped back by `table()`."""

    def __init__(self, folder: SpillFolder, schema: pa.Schema) -> None:
        self.schema, self.num_rows, self._folder = schema, 0, folder
        self._columns = [_writer(folder.new_path(), f.type) for f in schema]
        self._table: pa.Table | None = None

    def append(self, t: pa.Table) -> None:
        if self._table is not None:
            raise RuntimeError("a spilled table takes no rows once it was mapped")
        if not t.schema.equals(self.schema):
            t = t.cast(self.schema)
        for writer, column in zip(self._columns, t.columns, strict=True):
            for chunk in column.chunks:
                writer.append(chunk)
        self.num_rows += t.num_rows

    def table(self) -> pa.Table:
        if self._table is None:
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
        _DROPPER.add(mm, buffer.address)
        return buffer

    def close(self) -> None:
        for mm in self._maps:
            _DROPPER.discard(mm)
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


# -- one writer per Arrow type: each appends its buffers and maps them back as one array --

class _Bits:
    """A bitmap (validity, or booleans) appended a batch at a time, LSB first as Arrow's."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = path.open("wb")
        self._pending = np.zeros(0, dtype=bool)  # fewer than 8 bits, not yet a whole byte

    def append(self, bits: np.ndarray) -> None:
        bits = np.concatenate([self._pending, bits])
        whole = len(bits) - len(bits) % 8
        self._file.write(np.packbits(bits[:whole], bitorder="little").tobytes())
        self._pending = bits[whole:]

    def close(self) -> Path:
        self._file.write(np.packbits(self._pending, bitorder="little").tobytes())
        self._file.close()
        return self.path


class _ArrayWriter:
    """Validity and length; subclasses add the values."""

    def __init__(self, path: Path, type_: pa.DataType) -> None:
        self.path, self.type = path, type_
        self.length = self.null_count = 0
        self._validity = _Bits(path.with_suffix(".valid"))

    def append(self, arr: pa.Array) -> None:
        if not len(arr):
            return
        self._validity.append(arr.is_valid().to_numpy(zero_copy_only=False))
        self.null_count += arr.null_count
        self.length += len(arr)
        self._append_values(arr)

    def finish(self, map_file) -> pa.Array:
        validity = map_file(self._validity.close()) if self.null_count else None
        buffers, children = self._finish_values(map_file)
        return pa.Array.from_buffers(self.type, self.length, [validity, *buffers], self.null_count,
                                     children=children)

    def _append_values(self, arr: pa.Array) -> None:
        raise NotImplementedError

    def _finish_values(self, map_file) -> tuple[list, list | None]:
        raise NotImplementedError


class _FixedWidth(_ArrayWriter):
    """int64, float64, date32: the values' bytes as they are."""

    def __init__(self, path: Path, type_: pa.DataType) -> None:
        super().__init__(path, type_)
        self._width = type_.bit_width // 8
        self._values = path.with_suffix(".values").open("wb")

    def _append_values(self, arr: pa.Array) -> None:
        start = arr.offset * self._width
        self._values.write(memoryview(arr.buffers()[1])[start:start + len(arr) * self._width])

    def _finish_values(self, map_file):
        self._values.close()
        return [map_file(Path(self._values.name))], None


class _Boolean(_ArrayWriter):
    def __init__(self, path: Path, type_: pa.DataType) -> None:
        super().__init__(path, type_)
        self._values = _Bits(path.with_suffix(".values"))

    def _append_values(self, arr: pa.Array) -> None:
        bytes_ = np.frombuffer(arr.buffers()[1], dtype=np.uint8)
        self._values.append(np.unpackbits(bytes_, bitorder="little")[arr.offset:arr.offset + len(arr)].astype(bool))

    def _finish_values(self, map_file):
        return [map_file(self._values.close())], None


class _Offsets:
    """int32 offsets appended a batch at a time, each batch's moved past the ones before."""

    def __init__(self, path: Path) -> None:
        self.path, self.end = path, 0
        self._file = path.open("wb")
        self._file.write(np.zeros(1, dtype=np.int32).tobytes())

    def append(self, offsets: np.ndarray) -> tuple[int, int]:
        """Append a batch's n+1 offsets; return the range of the values they span."""
        first, last = int(offsets[0]), int(offsets[-1])
        if self.end + last - first > _INT32_MAX:
            raise OverflowError(f"a spilled column passed 2 GiB of values ({self.path.name})")
        self._file.write((offsets[1:] - first + self.end).astype(np.int32).tobytes())
        self.end += last - first
        return first, last

    def close(self) -> Path:
        self._file.close()
        return self.path


class _String(_ArrayWriter):
    def __init__(self, path: Path, type_: pa.DataType) -> None:
        super().__init__(path, type_)
        self._offsets = _Offsets(path.with_suffix(".offsets"))
        self._data = path.with_suffix(".data").open("wb")

    def _append_values(self, arr: pa.Array) -> None:
        _, offsets, data = arr.buffers()
        first, last = self._offsets.append(np.frombuffer(offsets, dtype=np.int32, count=len(arr) + 1,
                                                         offset=arr.offset * 4))
        if last > first:
            self._data.write(memoryview(data)[first:last])

    def _finish_values(self, map_file):
        self._data.close()
        return [map_file(self._offsets.close()), map_file(Path(self._data.name))], None


class _List(_ArrayWriter):
    def __init__(self, path: Path, type_: pa.DataType) -> None:
        super().__init__(path, type_)
        self._offsets = _Offsets(path.with_suffix(".offsets"))
        self._child = _writer(path.with_name(path.name + "_item"), type_.value_type)

    def _append_values(self, arr: pa.Array) -> None:
        first, last = self._offsets.append(arr.offsets.to_numpy())
        self._child.append(arr.values.slice(first, last - first))

    def _finish_values(self, map_file):
        return [map_file(self._offsets.close())], [self._child.finish(map_file)]


def _writer(path: Path, type_: pa.DataType) -> _ArrayWriter:
    if pa.types.is_list(type_):
        return _List(path, type_)
    if pa.types.is_string(type_):
        return _String(path, type_)
    if pa.types.is_boolean(type_):
        return _Boolean(path, type_)
    if pa.types.is_integer(type_) or pa.types.is_floating(type_) or pa.types.is_date32(type_):
        return _FixedWidth(path, type_)
    raise TypeError(f"no spill writer for Arrow type {type_}")


# -- the page dropper --

class _PageDropper:
    """A daemon thread that drops the resident pages of every live map, every
    DROP_INTERVAL seconds; it ends when no map is left and starts again with the next."""

    def __init__(self) -> None:
        self._maps: set[mmap.mmap] = set()
        self._at: dict[int, mmap.mmap] = {}  # each map by the address of its first byte
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def add(self, mm: mmap.mmap, address: int) -> None:
        with self._lock:
            self._maps.add(mm)
            self._at[address] = mm
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="spill-page-dropper", daemon=True)
                self._thread.start()

    def discard(self, mm: mmap.mmap) -> None:
        with self._lock:
            self._maps.discard(mm)
            self._at = {a: m for a, m in self._at.items() if m is not mm}

    def maps_of(self, t: pa.Table) -> list[mmap.mmap]:
        """The live maps behind the buffers of `t` (none for a table in memory)."""
        addresses = {b.address for c in t.columns for a in c.chunks for b in a.buffers() if b is not None}
        with self._lock:
            return [self._at[a] for a in addresses if a in self._at]

    def drop_all(self, maps=None) -> None:
        with self._lock:
            for mm in self._maps if maps is None else maps:
                with contextlib.suppress(ValueError, OSError):  # closed meanwhile
                    mm.madvise(mmap.MADV_DONTNEED)

    def _run(self) -> None:
        while True:
            time.sleep(DROP_INTERVAL)
            with self._lock:
                if not self._maps:
                    self._thread = None
                    return
            self.drop_all()


_DROPPER = _PageDropper()


# -- tables built a slice at a time, so that no whole copy is ever in memory --

SLICE_ROWS = 16_384
# Bytes of a table put in order at once by `reordered`: each pass reads the whole table
# front to back and keeps the rows of this much of the output.
REORDER_BYTES = 16 << 20


def page_maps(t: pa.Table) -> list:
    """The maps behind a spilled table's buffers (none for a table in memory)."""
    return _DROPPER.maps_of(t)


def drop_pages_of(maps: list) -> None:
    """Drop the pages read of these maps now (after a read that touched many)."""
    if maps:
        _DROPPER.drop_all(maps)


def drop_pages() -> None:
    """Drop the mapped pages read so far now, not at the dropper's next pass: after a read
    that touched many (a take of scattered rows can touch most pages of a table within
    one of the dropper's intervals)."""
    _DROPPER.drop_all()


# Bytes of a mapped table's pages one take of rows (see take_scattered) may touch.
SCATTERED_BYTES = 16 << 20
FAULT_AROUND = 64 << 10  # what the kernel maps around a page read of a file mapping


def take_scattered(t: pa.Table, indices: pa.Array) -> pa.Table:
    """`t.take(indices)` (ascending, mostly), in memory, one chunk per column. A row read
    of a mapped table maps 64 KB of each column around it, not one page: rows far apart
    each cost that, rows near each other the stretch between them. The rows are taken in
    groups estimated to touch SCATTERED_BYTES, the pages of `t`'s maps dropped after each."""
    maps = _DROPPER.maps_of(t)
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
        _DROPPER.drop_all(maps)
    return pa.concat_tables(parts).combine_chunks()


def reordered(t: pa.Table, order: pa.Array) -> pa.Table:
    """`t.take(order)` (`order` a permutation of t's rows), one chunk per column, built a
    stretch of the output at a time. Reading t's rows in `order` would read pages all over
    its mapped files at once (and the kernel maps 64 KB around each row read); instead each
    pass reads t front to back, a slice at a time, keeps the rows of its stretch and puts
    them in order in memory. Passes: t's size / REORDER_BYTES."""
    if _folder.get() is None:
        return t.take(order).combine_chunks()
    n = t.num_rows
    rank = np.empty(n, dtype=np.int64)
    rank[order.to_numpy()] = np.arange(n)  # where each row goes
    per_pass = max(1, REORDER_BYTES * n // max(t.nbytes, 1))
    maps = _DROPPER.maps_of(t)
    out = new_table(t.schema)
    for first in range(0, n, per_pass):
        parts, ranks = [], []
        for start in range(0, n, SLICE_ROWS):
            at = rank[start:start + SLICE_ROWS]
            keep = (at >= first) & (at < first + per_pass)
            if keep.any():
                parts.append(t.slice(start, SLICE_ROWS).filter(pa.array(keep)))
                ranks.append(at[keep])
            if maps:
                _DROPPER.drop_all(maps)
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
    of first appearance. Spilled, the indices are encoded a slice at a time into a spill
    (only the distinct values are held), as they grow with the rows."""
    if _folder.get() is None:
        return column.dictionary_encode().combine_chunks()
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
