"""The extract stage on a Dask cluster, for a corpus one machine cannot take in time.

`--scheduler tcp://host:8786` sends each batch of articles to the cluster's workers in
chunks and gathers the mentions back in input order, so the output is byte for byte
that of a local run. Workers build their own extractor once (rules and gazetteer are
read from the same paths, so every worker must see the directories the client sees,
as on a shared filesystem) and check that the rules they loaded are the client's: a
worker with other rules would silently code other events.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from pipeline.errors import EXIT_CLUSTER, CompilerError, Errors
from pipeline.extract.article import Extractor
from pipeline.extract.run import apply_outcomes, outcome_of, readable

CLUSTER_CHUNK = 128  # articles per task: large enough that scheduling costs little against extraction
CONNECT_TIMEOUT = "30s"

_WORKER_EXTRACTORS: dict[tuple[str, str], Extractor] = {}
_WARM: set[tuple[str, str]] = set()  # worker extractors already warmed up for a time limit


def _worker_extractor(rules_dir: str, gazetteer_dir: str, ruleset_hash: str) -> Extractor:
    key = (rules_dir, gazetteer_dir)
    extractor = _WORKER_EXTRACTORS.get(key)
    if extractor is None:
        from pipeline.extract.places import PlaceResolver
        from pipeline.rulebook import load_rulebook

        book = load_rulebook(Path(rules_dir))
        extractor = Extractor(book, PlaceResolver.build(Path(gazetteer_dir), book))
        _WORKER_EXTRACTORS[key] = extractor
    if extractor.book.ruleset_hash != ruleset_hash:
        raise CompilerError(Errors.E302.format(rules_dir=rules_dir, worker=extractor.book.ruleset_hash[:12],
                                               client=ruleset_hash[:12]), EXIT_CLUSTER)
    return extractor


def extract_chunk(articles: list[dict], rules_dir: str, gazetteer_dir: str, ruleset_hash: str,
                  max_seconds: float | None = None) -> list[tuple[list[dict], str | None]]:
    """Runs on a worker: the outcome of each article of one chunk, in order (its mention
    rows, or the reason it was rejected for overrunning `max_seconds`)."""
    extractor = _worker_extractor(rules_dir, gazetteer_dir, ruleset_hash)
    if max_seconds is not None and (rules_dir, gazetteer_dir) not in _WARM:
        extractor.warm_up()  # once per worker, so that no article is charged for it
        _WARM.add((rules_dir, gazetteer_dir))
    return [outcome_of(extractor, a, max_seconds) for a in articles]


class ClusterRun:
    """An extraction run on a Dask cluster, used like ExtractionRun: `run.mentions(batch)`, or
    `run.submit(batch)` and `run.collect(...)`."""

    def __init__(self, address: str, extractor: Extractor, gazetteer_dir: Path, max_seconds: float | None = None) -> None:
        self.address = address
        self.task_args = (str(Path(extractor.book.rules_dir).resolve()), str(Path(gazetteer_dir).resolve()),
                          extractor.book.ruleset_hash, max_seconds)
        self.client = None

    def __enter__(self) -> ClusterRun:
        from distributed import Client

        try:
            self.client = Client(self.address, timeout=CONNECT_TIMEOUT)
        except OSError as exc:
            raise CompilerError(Errors.E301.format(address=self.address, detail=exc), EXIT_CLUSTER) from exc
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is not None and issubclass(exc_type, KeyboardInterrupt):
            # Ctrl-C during a gather leaves the client's event loop with gathers nobody will
            # collect; closing the client ends them, and asyncio would print each with its
            # traceback ("Task exception was never retrieved ... AllExit"). The run ends with
            # its one line (E020) instead.
            logging.getLogger("asyncio").disabled = True
        if self.client is not None:
            self.client.close()
            self.client = None

    def mentions(self, articles: Iterable[dict]) -> list[dict]:
        return self.collect(self.submit(articles))

    def submit(self, articles: Iterable[dict]) -> tuple[list[dict], list]:
        """Send one batch's tasks to the cluster now; `collect` gathers them (as ExtractionRun)."""
        todo = readable(articles)
        chunks = [todo[i:i + CLUSTER_CHUNK] for i in range(0, len(todo), CLUSTER_CHUNK)]
        # pure=False: two chunks with equal content are still two tasks, each returning its own rows.
        return todo, self.client.map(extract_chunk, chunks, *([a] * len(chunks) for a in self.task_args), pure=False)

    def collect(self, pending: tuple[list[dict], list]) -> list[dict]:
        todo, futures = pending
        return apply_outcomes(todo, (outcome for chunk in self.client.gather(futures) for outcome in chunk))
