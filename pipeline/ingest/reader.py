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
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import Errors
from pipeline.ingest import decoding
from pipeline.ingest.cues import IngestCues, load_ingest_cues
from pipeline.ingest.dumps import split_dump
from pipeline.ingest.html import extract_html
from pipeline.ingest.pubdate import date_from_text, metadata_date
from pipeline.ingest.seen import SeenIds

SUPPORTED = (".txt", ".jsonl", ".jsonl.gz", ".ndjson", ".csv", ".html", ".htm")
STREAMED = (".jsonl", ".jsonl.gz", ".ndjson", ".csv")
# Extraction takes ~25 µs a character here: half a million characters (ten times the longest
# news story) is about fifteen seconds; longer texts are dumps or garbage, rejected (E021).
MAX_ARTICLE_CHARS = 500_000
SNIFF_BYTES = 8192  # a NUL byte this early means a binary file, not text
META_COLUMNS = ("id", "title", "publication_date", "source", "url")
# A record's metadata date refused (relative or future): reported by iter_inputs, then dropped.
PUBDATE_PROBLEM = "_pubdate_problem"
PUBDATE_ERRORS = {"relative": Errors.E016, "future": Errors.E017}
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
    """A whole file's text: by its byte-order mark, as UTF-8, else in the legacy encoding
    the detector names (E012), else UTF-8 with replacement characters (E004)."""
    bom = decoding.bom_encoding(raw)
    if bom is not None:
        return raw.decode(bom, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        text, _, (err, details) = _decode_damaged(raw, 1)
        report.warn(err, path, **details)
        return text


def _decode_damaged(raw: bytes, line: int, encoding: str | None = None) -> tuple[str, str | None, tuple]:
    """Bytes that are not UTF-8, as (text, legacy encoding used or None, (error, details)).
    Text that is mostly good UTF-8 stays UTF-8 (a damaged byte is replaced); other text is
    read in the legacy encoding given, or else the one the detector finds."""
    as_utf8 = raw.decode("utf-8", errors="replace")
    damaged = as_utf8.count("\ufffd")
    if sum(1 for c in as_utf8 if c > "\x7f") - damaged <= damaged:
        encoding = encoding or decoding.detect_legacy(raw)
        if encoding:
            return raw.decode(encoding, errors="replace"), encoding, (Errors.E012, {"encoding": encoding})
    start = as_utf8.index("\ufffd") if damaged else 0
    before = as_utf8[:start]
    offset = len(before[before.rfind("\n") + 1:].encode("utf-8"))
    return as_utf8, None, (Errors.E004, {"line": line + before.count("\n"), "offset": offset})


def _given_id(value: object) -> str:
    """An id as the input wrote it: 0 and false are ids too (JSON false reads "false")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _record(text: str, path: Path, line: int, cues: IngestCues | None, meta: dict | None = None,
            updated: str | None = None) -> dict:
    """The article record; `cues` may be None only for a record without text (a rejected unit)."""
    meta = meta or {}
    # Escaped controls ("\\u0000" in JSON) arrive only here; the raw ones were noted when read.
    text = decoding.strip_controls(text)[0].strip()
    given_id = _given_id(meta.get("id"))
    pub, problem = metadata_date(meta.get("publication_date"))
    pub_source = "metadata" if pub else None
    if pub is None and cues is not None:
        pub, pub_source = date_from_text(text, cues.pubdate, updated)
    return {
        PUBDATE_PROBLEM: (problem, meta["publication_date"]) if problem else None,
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
    rec = _record("", path, line, None, {"id": given_id})
    if not given_id:
        rec["article_id"] = "r-" + hashlib.sha1(f"{path}:{line}".encode()).hexdigest()[:16]
    rec.update(status="rejected", reason=message)
    return rec


def _read_txt(path: Path, text: str, cues: IngestCues) -> Iterator[dict]:
    articles = split_dump(text, cues.dump)
    if len(articles) <= 1:
        # A single article: keep the text as written, furniture and all stripped.
        art = articles[0] if articles else None
        body = art.text if art else text
        yield _record(body, path, 1, cues, {"title": art.title if art else None}, art.updated if art else None)
        return
    for art in articles:
        yield _record(art.text, path, art.first_line, cues, {"title": art.title}, art.updated)


def _read_jsonl(path: Path, lines: Iterable[str], cues: IngestCues) -> Iterator[dict]:
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        obj, problem = _json_object(line)
        if problem:
            yield rejected(path, n, Errors.E005.format(path=path, line=n, detail=problem[:80]))
            continue
        body = obj.get("text")
        if not isinstance(body, str) or not body.strip():
            yield rejected(path, n, Errors.E008.format(path=path, line=n), _given_id(obj.get("id")) or None)
            continue
        yield _record(body, path, n, cues, obj)


def _json_object(line: str) -> tuple[dict, str | None]:
    """One JSON line as an object, or the reason it is not one. A line nested past the
    parser's depth, or a lone surrogate ("\\ud800") no output file could store, is not."""
    try:
        obj = json.loads(line)
    except RecursionError:
        return {}, "nested too deeply"
    except ValueError as exc:
        return {}, str(exc)
    if not isinstance(obj, dict):
        return {}, "not a JSON object"
    if any(isinstance(obj.get(k), str) and decoding.has_lone_surrogate(obj[k]) for k in ("text", *META_COLUMNS)):
        return {}, "lone surrogate escape in a string"
    return obj, None


def _read_csv(path: Path, lines: Iterable[str], report: IngestReport, cues: IngestCues) -> Iterator[dict]:
    rows = _CsvRows(path, lines, report)
    header = next(rows, None)
    names = [h.strip().lower() for h in header[1]] if header else []
    text_columns = [h for h, n in zip(header[1] if header else [], names, strict=True) if n == "text"]
    if len(text_columns) != 1:
        err = Errors.E006 if not text_columns else Errors.E014
        detail = {"columns": ", ".join(header[1] if header else []) or "none"}
        report.error(err, path, **detail)
        for line, row in rows:
            given = _cell(row, names, "id")
            yield rejected(path, line, err.format(path=path, **detail), given or None)
        return
    for line, row in rows:
        if row is None:  # a record the reader could not delimit: rejected, with its line, by _CsvRows
            yield rejected(path, line, Errors.E015.format(path=path, line=line))
            continue
        body = _cell(row, names, "text")
        if not body.strip():
            yield rejected(path, line, Errors.E008.format(path=path, line=line), _cell(row, names, "id") or None)
            continue
        yield _record(body, path, line, cues, {k: _cell(row, names, k) or None for k in META_COLUMNS})


def _cell(row: list[str] | None, names: list[str], column: str) -> str:
    if row is None or column not in names:
        return ""
    i = names.index(column)
    return row[i] if i < len(row) else ""


class _CsvRows:
    """(first line, fields) of each CSV record. A quote never closed would swallow every
    later row into one field: that record becomes (line, None), reported (E015), and the
    lines after its first are read again as rows of their own."""

    def __init__(self, path: Path, lines: Iterable[str], report: IngestReport) -> None:
        self.path, self.report = path, report
        self._lines = iter(lines)
        self._replay: list[str] = []
        self._record: list[str] = []
        self.consumed = 0
        self._reader = csv.reader(self._feed(), strict=True)

    def _feed(self) -> Iterator[str]:
        while True:
            line = self._replay.pop() if self._replay else next(self._lines, None)
            if line is None:
                return
            self.consumed += 1
            self._record.append(line)
            yield line

    def __iter__(self) -> _CsvRows:
        return self

    def __next__(self) -> tuple[int, list[str] | None]:
        self._record = []
        first = self.consumed + 1
        try:
            return first, next(self._reader)
        except csv.Error as exc:
            return first, self._recover(first, exc)

    def _recover(self, first: int, exc: csv.Error) -> list[str] | None:
        record = self._record
        self._reader = csv.reader(self._feed(), strict=True)
        if "unexpected end of data" not in str(exc):
            # Stray quotes inside a field ('"a"b'): read leniently, as csv always did.
            return next(csv.reader(record), None)
        self.report.warn(Errors.E015, self.path, line=first)
        self._replay = record[:0:-1]  # every line but the first, to be read again in order
        self.consumed -= len(self._replay)
        return None


def _read_html(path: Path, text: str, cues: IngestCues) -> Iterator[dict]:
    body, title, date = extract_html(text)
    if not body.strip():
        yield rejected(path, 1, Errors.E008.format(path=path, line=1))
        return
    yield _record(body, path, 1, cues, {"title": title, "publication_date": date})


def read_file(path: Path, report: IngestReport, cues: IngestCues) -> Iterator[dict]:
    suffix = _suffix(path)
    if suffix not in SUPPORTED:
        report.error(Errors.E007, path, suffix=suffix)
        return
    if suffix in STREAMED:
        yield from _read_streamed(path, suffix, report, cues)
        return
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.error(Errors.E009, path, detail=str(exc))
        return
    if not raw.strip():
        report.error(Errors.E003, path)
        return
    if decoding.bom_encoding(raw) is None and decoding.looks_binary(raw[:SNIFF_BYTES]):
        report.error(Errors.E002, path)
        return
    report.files.append(str(path))
    text = _without_controls(_decode(raw, path, report), path, 1, report)
    if suffix == ".txt":
        yield from _read_txt(path, text, cues)
    else:
        yield from _read_html(path, text, cues)


def _without_controls(text: str, path: Path, first_line: int, report: IngestReport) -> str:
    """The text without control characters; the first line that had any is noted (E013)."""
    cleaned, n = decoding.strip_controls(text)
    if n:
        line = first_line + text.count("\n", 0, decoding.CONTROL.search(text).start())
        report.warn(Errors.E013, path, line=line, count=n)
    return cleaned


def _read_streamed(path: Path, suffix: str, report: IngestReport, cues: IngestCues) -> Iterator[dict]:
    """A JSONL or CSV file, line by line. A file that breaks off part-way (a truncated
    gzip) keeps the articles read before the break and reports the break (E009)."""
    lines = _StreamedLines(path, report)
    try:
        with gzip.open(path, "rb") if suffix == ".jsonl.gz" else path.open("rb") as f:
            head = f.peek(SNIFF_BYTES)[:SNIFF_BYTES]
            if decoding.bom_encoding(head) is None and decoding.looks_binary(head):
                report.error(Errors.E002, path)
                return
            # CSV rows end at CR, LF or CRLF alike; a JSON line ends at LF only.
            text = lines.of(f, head, newline="" if suffix == ".csv" else "\n")
            yield from _read_csv(path, text, report, cues) if suffix == ".csv" else _read_jsonl(path, text, cues)
    except (OSError, EOFError) as exc:
        report.error(Errors.E009, path, detail=str(exc))
        return
    if not lines.any_content:
        report.error(Errors.E003, path)


def _one_line(text: str) -> str:
    """A legacy decoding can turn a byte into a line break (EBCDIC reads 0x25 as LF); the
    bytes were one line of the file, so they stay one: breaks inside it read as spaces."""
    body = text.rstrip("\r\n")
    return body.replace("\r", " ").replace("\n", " ") + text[len(body):]


class _StreamedLines:
    """Decoded lines of one binary stream. The file joins the report's inputs at its first
    non-blank line. A line that is not UTF-8 is read in the legacy encoding detected for
    the file (E012) or with replacement characters (E004); control characters are removed
    (E013). Each is reported once per file."""

    def __init__(self, path: Path, report: IngestReport) -> None:
        self.path, self.report = path, report
        self.any_content = False
        self._legacy: str | None = None
        self._warned: set[str] = set()

    def of(self, f, head: bytes, newline: str) -> Iterator[str]:
        bom = decoding.bom_encoding(head)
        # surrogateescape keeps undecodable bytes recoverable, to be decoded properly below.
        errors = "replace" if bom and bom.startswith("utf-16") or bom == "utf-32" else "surrogateescape"
        text = io.TextIOWrapper(f, encoding=bom or "utf-8-sig", errors=errors, newline=newline)
        for n, line in enumerate(text, start=1):
            if errors == "surrogateescape" and decoding.has_lone_surrogate(line):
                line = self._redecode(line, n)
            if decoding.CONTROL.search(line):
                line = self._once("E013", lambda ln=line, n=n: _without_controls(ln, self.path, n, self.report),
                                  lambda ln=line: decoding.strip_controls(ln)[0])
            if not self.any_content and line.strip():
                self.any_content = True
                self.report.files.append(str(self.path))
            yield line
        text.detach()  # the caller's `with` closes the file

    def _redecode(self, line: str, n: int) -> str:
        raw = line.encode("utf-8", errors="surrogateescape")
        if self._legacy is not None:
            return _one_line(raw.decode(self._legacy, errors="replace"))
        text, self._legacy, (err, details) = _decode_damaged(raw, n)
        text = _one_line(text)
        return self._once(err.code, lambda: (self.report.warn(err, self.path, **details), text)[1], lambda: text)

    def _once(self, code: str, first, later):
        if code in self._warned:
            return later()
        self._warned.add(code)
        return first()


def iter_inputs(paths: Iterable[str | Path], report: IngestReport, max_chars: int = MAX_ARTICLE_CHARS,
                cues: IngestCues | None = None) -> Iterator[dict]:
    """Article records from the inputs, one at a time in input order, duplicates of an id
    rejected, and so is an article longer than `max_chars` (E021).

    Only one input file is held in memory at a time (and the ids seen so far), so a
    corpus of any number of files streams; problems are added to `report` as met. `cues`
    are the words pages are read by (default: the project's rules/ingest/cues.yaml).
    """
    cues = cues or load_ingest_cues()
    seen = SeenIds()
    try:
        for path in expand_paths(paths, report):
            for rec in read_file(path, report, cues):
                yield _checked(rec, path, report, max_chars, seen)
    finally:
        seen.close()


def _checked(rec: dict, path: Path, report: IngestReport, max_chars: int, seen: SeenIds) -> dict:
    """The record, its date problem reported, rejected if too long or a duplicate id."""
    if problem := rec.pop(PUBDATE_PROBLEM, None):
        report.warn(PUBDATE_ERRORS[problem[0]], path, line=rec["source_line"], value=str(problem[1])[:60])
    if rec["n_chars"] > max_chars:
        rec = _too_long(rec, path, max_chars)
    aid = rec["article_id"]
    where = f"{rec['source_file']}:{rec['source_line']}"
    first = seen.claim(aid, where)
    if first is not None and rec["status"] != "rejected":
        rec = rejected(path, rec["source_line"], Errors.E011.format(
            path=path, line=rec["source_line"], article_id=aid, first=first))
        rec["article_id"] = "r-" + hashlib.sha1(f"dup:{where}:{aid}".encode()).hexdigest()[:16]
        seen.claim(rec["article_id"], where)
    return rec


def _too_long(rec: dict, path: Path, max_chars: int) -> dict:
    """An article past the limit is rejected whole, under its own id: extraction time grows
    with the text, and one such article must not cost the run."""
    line, n = rec["source_line"], rec["n_chars"]
    out = rejected(path, line, Errors.E021.format(path=path, line=line, n=n, limit=max_chars), rec["article_id"])
    out["n_chars"] = n
    return out


def read_inputs(paths: Iterable[str | Path], max_chars: int = MAX_ARTICLE_CHARS,
                cues: IngestCues | None = None) -> tuple[list[dict], IngestReport]:
    """All article records from the inputs, duplicates of an id rejected, in input order."""
    report = IngestReport()
    records = list(iter_inputs(paths, report, max_chars, cues))
    return records, report
