"""A stand-in extraction run for tests of what drives runs (batching, the mention cache)."""

from __future__ import annotations

from collections.abc import Iterable


class DeferredRun:
    """A run that extracts a batch only when asked for its `mentions`: the batch is kept at
    submit and extracted at collect. Subclasses give `mentions` (or their own submit/collect)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass

    def submit(self, articles: Iterable[dict]) -> list[dict]:
        return list(articles)

    def collect(self, pending: list[dict]) -> list[dict]:
        return self.mentions(pending)
