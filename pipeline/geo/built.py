"""The built gazetteer (place records and name automaton), cached between runs.

Building it from the Parquet tables takes seconds on every start: half a million
names go into an Aho-Corasick automaton and 200,000 place records are turned into
dicts. The result depends only on the tables, the rule files that add to them
(venues, stop names, ACLED's unit names) and this code, so it is kept in the
per-user cache under a key made of all of them and loaded in a fraction of the time.

The cache file is our own artefact: written here, checked against the SHA-256 in
its header before it is read, and rebuilt when the key or the check fails. It never
holds user input.
"""

from __future__ import annotations

import hashlib
import pickle
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from pipeline.atomic_output import replace_file
from pipeline.geo import gazetteer as gazetteer_module
from pipeline.geo.cache import default_cache_root
from pipeline.geo.gazetteer import Gazetteer, gazetteer_fingerprint

MAGIC = b"conflict-events built gazetteer v1\n"
KEEP = 2  # built gazetteers kept per cache folder: the current one and the one before


def built_key(gazetteer_dir: Path, options: dict) -> str:
    """Everything the built object depends on: tables, options, code and library versions."""
    h = hashlib.sha256()
    h.update(gazetteer_fingerprint(gazetteer_dir).encode())
    h.update(repr(sorted((k, repr(v)) for k, v in options.items())).encode())
    h.update(Path(gazetteer_module.__file__).read_bytes())
    h.update(f"{sys.version}|{metadata.version('pyahocorasick')}".encode())
    return h.hexdigest()[:20]


def load_built(gazetteer_dir: Path, options: dict, build: Callable[[], Gazetteer],
               cache_root: Path | None = None) -> Gazetteer:
    """The gazetteer `build()` makes, from the cache when a valid copy is there."""
    folder = (cache_root or default_cache_root()) / "built"
    path = folder / f"gazetteer-{built_key(gazetteer_dir, options)}.bin"
    cached = _read(path)
    if cached is not None:
        return cached
    gazetteer = build()
    _write(path, gazetteer)
    return gazetteer


def _read(path: Path) -> Gazetteer | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(MAGIC) + 65
    if not data.startswith(MAGIC) or len(data) < head:
        return None
    digest, payload = data[len(MAGIC):head - 1].decode("ascii", "replace"), memoryview(data)[head:]
    if hashlib.sha256(payload).hexdigest() != digest:
        return None
    obj = pickle.loads(payload)
    return obj if isinstance(obj, Gazetteer) else None


def _write(path: Path, gazetteer: Gazetteer) -> None:
    """Write atomically; a cache that cannot be written only costs the next start its time."""
    payload = pickle.dumps(gazetteer, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        replace_file(path, MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
        _prune(path.parent)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("gazetteer-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
