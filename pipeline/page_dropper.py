"""Mapped pages dropped from the process: a page of a read-only file mapping that was read
counts in RSS until dropped (madvise MADV_DONTNEED; a dropped page is read again from the
page cache when needed). A thread drops every live map's pages every DROP_INTERVAL
seconds; a caller that has just read many pages drops them at once."""

from __future__ import annotations

import contextlib
import mmap
import threading
import time

import pyarrow as pa

DROP_INTERVAL = 0.05  # seconds between two passes of the page dropper


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


DROPPER = _PageDropper()


def page_maps(t: pa.Table) -> list:
    """The maps behind a spilled table's buffers (none for a table in memory)."""
    return DROPPER.maps_of(t)


def drop_pages_of(maps: list) -> None:
    """Drop the pages read of these maps now (after a read that touched many)."""
    if maps:
        DROPPER.drop_all(maps)

