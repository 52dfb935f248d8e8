"""Rule files parsed once: each file's document kept by the SHA-256 of its bytes.

Even with libyaml, parsing the rule book's YAML takes 0.2-0.3 s of every start-up (the
vocabulary files are read twice: by the vocabulary and by the rule book's parse check).
A document read before is taken from `<cache>/rulebook/yaml/<key>.marshal`, where the key
hashes the file's bytes with the Python, PyYAML and loader versions: an edited file has a
new key, so nothing stale is read, and nothing but the file's content decides what comes
back.

Each entry is our own artefact, never user input unpickled: a header, the SHA-256 of the
payload (checked on every read), and the document as marshal data, which holds only
strings, numbers, lists and dicts (a date is tagged as a tuple, which YAML never makes).
A document holding anything else is not kept. An entry that is missing, damaged or of
another format is parsed afresh and rewritten; deleting the folder only costs time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

import yaml

from pipeline.yamlfile import LOADER_VERSION, SafeLoader, load_yaml

HEADER = b"conflict-events parsed yaml v1\n"
_DATE = "$date"  # tag of a date: the tuple (_DATE, iso text); YAML itself never makes tuples
_PLAIN = (str, int, float, bool, type(None))


class _Uncacheable(Exception):
    """The document holds a value marshal data would not give back exactly."""


def load_rule_document(raw: bytes) -> Any:
    """The YAML document of `raw`, from the cache when it was parsed before; raises what
    parsing raises (yaml.YAMLError, UnicodeDecodeError, RecursionError)."""
    path = _entry_path(raw)
    if path is not None:
        found = _read(path)
        if found is not None:
            return found[0]
    doc = load_yaml(raw.decode("utf-8"))
    if path is not None:
        _write(path, doc)
    return doc


def cache_folder() -> Path | None:
    """`<cache root>/rulebook/yaml`; None when CONFLICT_EVENTS_YAML_CACHE is off."""
    if os.environ.get("CONFLICT_EVENTS_YAML_CACHE") == "off":
        return None
    from pipeline.geo.cache import default_cache_root  # geo.cache imports vocab, which imports this

    return default_cache_root() / "rulebook" / "yaml"


def _entry_path(raw: bytes) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    h = hashlib.sha256(HEADER + f"{sys.version}|{yaml.__version__}|{SafeLoader.__name__}|{LOADER_VERSION}\0".encode())
    h.update(raw)
    return folder / f"{h.hexdigest()[:40]}.marshal"


def _read(path: Path) -> tuple[Any] | None:
    """(document,) from a sound entry; None when it is missing, damaged or not ours."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    digest, payload = data[len(HEADER):len(HEADER) + 32], data[len(HEADER) + 32:]
    if not data.startswith(HEADER) or hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return (_decode(marshal.loads(payload)),)
    except (ValueError, EOFError, TypeError):
        return None


def _write(path: Path, doc: Any) -> None:
    from pipeline.atomic_output import replace_file

    try:
        payload = marshal.dumps(_encode(doc), 4)
    except _Uncacheable:
        return
    # A cache that cannot be written only costs the next start-up its time.
    with contextlib.suppress(OSError):
        replace_file(path, HEADER + hashlib.sha256(payload).digest() + payload)


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        return {_encode(k): _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if type(value) is dt.date:
        return (_DATE, value.isoformat())
    if isinstance(value, _PLAIN):
        return value
    raise _Uncacheable(type(value).__name__)


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        return {_decode(k): _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, tuple):
        if len(value) == 2 and value[0] == _DATE:
            return dt.date.fromisoformat(value[1])
        raise TypeError("not a tagged value")
    if isinstance(value, _PLAIN):
        return value
    raise TypeError(f"a {type(value).__name__} in a parsed-YAML entry")
