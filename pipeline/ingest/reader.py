"""Read input paths into article records.

IO lives here and only here. Every article that can be read becomes a record;
every unit that cannot (a malformed JSON line, a CSV row without text) becomes a
record with status "rejected" and a coded reason, so the manifest reconciles.
Problems with whole files (binary, empty, missing) are reported as file errors.

JSONL and CSV, the formats of large feeds, are read line by line, so memory does
not grow with the file; a .txt dump or an HTML page is one document, read whole.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import Errors
from pipeline.ingest.dumps import split_dump
from pipeline.ingest.html import extract_html
from pipeline.ingest.pubdate import date_from_text, parse_metadata_date

SUPPORTED = (".txt", ".jsonl", ".jsonl.gz", ".ndjson", ".csv", ".html", ".htm")
STREAMED = (".jsonl", ".jsonl.gz", ".ndjson", ".csv")
SNIFF_BYTES = 8192  # a NUL byte this early means a binary file, not text
META_COLUMNS = ("id", "title", "publication_date", "source", "url")
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass
class IngestReport:
    files: list[str] = field(default_factory=list)
    file_errors: list[dict] = field(default_factory=list)  # {path, code, message}
    warnings: list[dict] = field(default_factory=list)

    def error(self, err, path: Path | str, **kw) -> None:
        self.file_errors.append({"path": str(path), "code": err.code, "message": err.format(path=path, **kw)})

    def warn(self, err, path: Path | str, **kw) -> None:
        self.warnings.append({"path": str(path), "code": err.code, "message": err.format(path=path, **kw)})


def content_id(text: str) -> str:
    """A stable id from the text alone, so re-runs and re-orderings keep it."""
    norm = " ".join(text.split()).lower()
    return "a-" + hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def expand_paths(paths: Iterable[str | Path], report: IngestReport) -> list[Path]:
    """Files in a stable order; directories are walked recursively."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(_folder_inputs(p, report))
        elif p.is_file():
            out.append(p)
        else:
            report.error(Errors.E001, p)
    return out


def _folder_inputs(folder: Path, report: IngestReport) -> list[Path]:
    """The readable files under a folder. Any other file is reported (E007) as a warning, not
    passed over in silence: found in a folder (a README beside the data), not named by the
    user, it does not make the run's inputs wrong. Hidden files (.git, .DS_Store) are not inputs."""
    files = sorted(f for f in folder.rglob("*") if f.is_file()
                   and not any(part.startswith(".") for part in f.relative_to(folder).parts))
    for f in files:
        if _suffix(f) not in SUPPORTED:
            report.warn(Errors.E007, f, suffix=_suffix(f))
    return [f for f in files if _suffix(f) in SUPPORTED]


def _decode(raw: bytes, path: Path, report: IngestReport) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.warn(Errors.E004, path, offset=exc.start)
        return raw.decode("utf-8", errors="replace")


def _record(text: str, path: Path, line: int, meta: dict | None = None, updated: str | None = None) -> dict:
    meta = meta or {}
    text = text.strip()
    given_id = str(meta.get("id") or "").strip()
    pub = parse_metadata_date(meta.get("publication_date"))
    pub_source = "metadata" if pub else None
    if pub is None:
        pub, pub_source = date_from_text(text, updated)
    return {
        "article_id": given_id or content_id(text),
        "source_file": str(path),
        "source_line": line,
        "title": (str(meta.get("title") or "").strip() or None),
        "publication_date": pub,
        "pubdate_source": pub_source or "unknown",
        "source": (str(meta.get("source") or "").strip() or None),
        "url": (str(meta.get("url") or "").strip() or None),
        "text": text,
        "n_chars": len(text),
        "status": None,
        "reason": None,
    }


def rejected(path: Path, line: int, message: str, given_id: str | None = None) -> dict:
    rec = _record("", path, line, {"id": given_id})
    if not given_id:
        rec["article_id"] = "r-" + hashlib.sha1(f"{path}:{line}".encode()).hexdigest()[:16]
    rec.update(status="rejected", reason=message)
    return rec


def _read_txt(path: Path, text: str) -> Iterator[dict]:
    articles = split_dump(text)
    if len(articles) <= 1:
        # A single article: keep the text as written, furniture and all stripped.
        art = articles[0] if articles else None
        body = art.text if art else text
        yield _record(body, path, 1, {"title": art.title if art else None}, art.updated if art else None)
        return
    for art in articles:
        yield _record(art.text, path, art.first_line, {"title": art.title}, art.updated)


def _read_jsonl(path: Path, lines: Iterable[str]) -> Iterator[dict]:
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise ValueError("not a JSON object")
        except ValueError as exc:
            yield rejected(path, n, Errors.E005.format(path=path, line=n, detail=str(exc)[:80]))
            continue
        body = obj.get("text")
        if not isinstance(body, str) or not body.strip():
            yield rejected(path, n, Errors.E008.format(path=path, line=n), str(obj.get("id") or "") or None)
            continue
        yield _record(body, path, n, obj)


def _read_csv(path: Path, lines: Iterable[str], report: IngestReport) -> Iterator[dict]:
    reader = csv.DictReader(lines)
    columns = reader.fieldnames or []
    if "text" not in columns:
        report.error(Errors.E006, path, columns=", ".join(columns) or "none")
        for row in reader:
            yield rejected(path, reader.line_num, Errors.E006.format(path=path, columns=", ".join(columns)),
                           (row.get("id") or None) if isinstance(row, dict) else None)
        return
    for row in reader:
        body = row.get("text") or ""
        if not body.strip():
            yield rejected(path, reader.line_num, Errors.E008.format(path=path, line=reader.line_num), row.get("id") or None)
            continue
        yield _record(body, path, reader.line_num, {k: row.get(k) for k in META_COLUMNS})


def _read_html(path: Path, text: str) -> Iterator[dict]:
    body, title, date = extract_html(text)
    if not body.strip():
        yield rejected(path, 1, Errors.E008.format(path=path, line=1))
        return
    yield _record(body, path, 1, {"title": title, "publication_date": date})


def read_file(path: Path, report: IngestReport) -> Iterator[dict]:
    suffix = _suffix(path)
    if suffix not in SUPPORTED:
        report.error(Errors.E007, path, suffix=suffix)
        return
    if suffix in STREAMED:
        yield from _read_streamed(path, suffix, report)
        return
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.error(Errors.E009, path, detail=str(exc))
        return
    if not raw.strip():
        report.error(Errors.E003, path)
        return
    if b"\x00" in raw[:SNIFF_BYTES]:
        report.error(Errors.E002, path)
        return
    report.files.append(str(path))
    text = _decode(raw, path, report)
    if suffix == ".txt":
        yield from _read_txt(path, text)
    else:
        yield from _read_html(path, text)


def _read_streamed(path: Path, suffix: str, report: IngestReport) -> Iterator[dict]:
    """A JSONL or CSV file, line by line. A file that breaks off part-way (a truncated
    gzip) keeps the articles read before the break and reports the break (E009)."""
    lines = _StreamedLines(path, report)
    try:
        with gzip.open(path, "rb") if suffix == ".jsonl.gz" else path.open("rb") as f:
            head = f.peek(SNIFF_BYTES)[:SNIFF_BYTES]
            if b"\x00" in head:
                report.error(Errors.E002, path)
                return
            records = _read_csv(path, lines.of(f), report) if suffix == ".csv" else _read_jsonl(path, lines.of(f))
            yield from records
    except (OSError, EOFError) as exc:
        report.error(Errors.E009, path, detail=str(exc))
        return
    if not lines.any_content:
        report.error(Errors.E003, path)


class _StreamedLines:
    """Decoded lines of one binary stream. The file joins the report's inputs at its first
    non-blank line; a byte that is not UTF-8 is replaced and reported once (E004)."""

    def __init__(self, path: Path, report: IngestReport) -> None:
        self.path, self.report = path, report
        self.any_content = False

    def of(self, f) -> Iterator[str]:
        offset, warned = 0, False
        for raw in f:
            try:
                line = raw.decode("utf-8-sig" if offset == 0 else "utf-8")
            except UnicodeDecodeError as exc:
                if not warned:
                    self.report.warn(Errors.E004, self.path, offset=offset + exc.start)
                    warned = True
                line = raw.decode("utf-8", errors="replace")
            offset += len(raw)
            if not self.any_content and line.strip():
                self.any_content = True
                self.report.files.append(str(self.path))
            yield line


def iter_inputs(paths: Iterable[str | Path], report: IngestReport) -> Iterator[dict]:
    """Article records from the inputs, one at a time in input order, duplicates of an id rejected.

    Only one input file is held in memory at a time (and the ids seen so far), so a
    corpus of any number of files streams; problems are added to `report` as met.
    """
    first_seen: dict[str, str] = {}
    for path in expand_paths(paths, report):
        for rec in read_file(path, report):
            aid = rec["article_id"]
            where = f"{rec['source_file']}:{rec['source_line']}"
            if aid in first_seen and rec["status"] != "rejected":
                rec = rejected(path, rec["source_line"], Errors.E011.format(
                    path=path, line=rec["source_line"], article_id=aid, first=first_seen[aid]))
                rec["article_id"] = "r-" + hashlib.sha1(f"dup:{where}:{aid}".encode()).hexdigest()[:16]
            first_seen.setdefault(rec["article_id"], where)
            yield rec


def read_inputs(paths: Iterable[str | Path]) -> tuple[list[dict], IngestReport]:
    """All article records from the inputs, duplicates of an id rejected, in input order."""
    report = IngestReport()
    records = list(iter_inputs(paths, report))
    return records, report
