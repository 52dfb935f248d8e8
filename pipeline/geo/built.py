"""The built gazetteer (place records, name table and name automaton), cached between runs.

Building it from the Parquet tables takes seconds on every start: half a million
names go into an Aho-Corasick automaton and 200,000 place records are turned into
dicts. The result depends only on the tables, the rule files that add to them
(venues, stop names, ACLED's unit names) and this code, so it is kept in the
per-user cache under a key made of all of them and loaded in a fraction of the time.

The cache file is our own artefact, in two sections, each with its own SHA-256 in the
file's header: the tables (places as columns, the name table: strings, numbers and
bytes, marshal) and the automaton (pyahocorasick's own pickle, which holds integers
only). The tables are checked and read at load, in milliseconds; the automaton section
only when the gazetteer first needs its automaton (see gazetteer.py), and checked then.
A file whose tables fail the check is rebuilt from the Parquet tables; an automaton
section that fails it is rebuilt from the (checked) name table and the file written
again. It never holds user input.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import pickle
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import ahocorasick

from pipeline.atomic_output import replace_file
from pipeline.geo import gazetteer as gazetteer_module
from pipeline.geo.cache import default_cache_root
from pipeline.geo.gazetteer import Gazetteer, NameTable, PlaceTable, gazetteer_fingerprint

MAGIC = b"conflict-events built gazetteer v2\n"
KEEP = 2  # built gazetteers kept per cache folder: the current one and the one before
SECTIONS = ("tables", "automaton")


def built_key(gazetteer_dir: Path, options: dict) -> str:
    """Everything the built object depends on: tables, options, code and library versions."""
    h = hashlib.sha256()
    h.update(gazetteer_fingerprint(gazetteer_dir).encode())
    h.update(repr(sorted((k, repr(v)) for k, v in options.items())).encode())
    h.update(Path(gazetteer_module.__file__).read_bytes())
    h.update(Path(__file__).read_bytes())
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


def _header(path: Path) -> tuple[dict, int] | None:
    """The sections' [offset, length, sha256] and where the first one begins."""
    try:
        with path.open("rb") as f:
            if f.read(len(MAGIC)) != MAGIC:
                return None
            line = f.readline(4096)
    except OSError:
        return None
    try:
        sections = json.loads(line)
    except ValueError:
        return None
    if not (isinstance(sections, dict) and set(sections) == set(SECTIONS)):
        return None
    return sections, len(MAGIC) + len(line)


def _section(path: Path, where: list, base: int) -> bytes | None:
    """The bytes of one section, if they are there and match their SHA-256."""
    try:
        offset, length, digest = where
        with path.open("rb") as f:
            f.seek(base + offset)
            data = f.read(length)
    except (OSError, ValueError, TypeError):
        return None
    if len(data) != length or hashlib.sha256(data).hexdigest() != digest:
        return None
    return data


def _read(path: Path) -> Gazetteer | None:
    head = _header(path)
    if head is None:
        return None
    sections, base = head
    data = _section(path, sections["tables"], base)
    if data is None:
        return None
    try:
        tables = marshal.loads(data)
        places, names = PlaceTable(tables["places"]), NameTable.from_state(tables["names"])
    except (ValueError, EOFError, TypeError, KeyError, IndexError):
        return None

    def read_automaton() -> ahocorasick.Automaton | None:
        raw = _section(path, sections["automaton"], base)
        automaton = _unpickle(raw) if raw is not None else None
        if automaton is None:  # damaged: rebuilt from the checked names, and the file with it
            gazetteer._automaton = automaton = gazetteer_module.automaton_of(names)
            _write(path, gazetteer)
        return automaton

    gazetteer = Gazetteer.from_parts(places, names, read_automaton)
    return gazetteer


def _unpickle(raw: bytes) -> ahocorasick.Automaton | None:
    try:
        automaton = pickle.loads(raw)
    except Exception:  # noqa: BLE001 - any failure to read the section means: build it anew
        return None
    ok = isinstance(automaton, ahocorasick.Automaton) and automaton.store == ahocorasick.STORE_INTS
    return automaton if ok else None


def _write(path: Path, gazetteer: Gazetteer) -> None:
    """Write atomically; a cache that cannot be written only costs the next start its time."""
    try:
        parts = {"tables": marshal.dumps({"places": PlaceTable.state_of(gazetteer.places),
                                          "names": gazetteer.names.state()}),
                 "automaton": pickle.dumps(gazetteer.automaton, protocol=pickle.HIGHEST_PROTOCOL)}
    except ValueError:  # a value marshal cannot write: no cache, the next start builds again
        return
    sections, offset = {}, 0
    for name in SECTIONS:
        sections[name] = [offset, len(parts[name]), hashlib.sha256(parts[name]).hexdigest()]
        offset += len(parts[name])
    head = MAGIC + json.dumps(sections, sort_keys=True).encode() + b"\n"
    try:
        replace_file(path, head + b"".join(parts[name] for name in SECTIONS))
        _prune(path.parent)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("gazetteer-*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
