"""A progress bar for long runs: articles done, rate and ETA on stderr when it is a
terminal; nothing at all in pipes, logs and CI, where the run's one-line summary is
the whole report."""

from __future__ import annotations

import sys

from tqdm import tqdm


def progress_bar(total: int | None, what: str = "articles", stream=None) -> tqdm:
    """`total` None shows the count and rate only (a streamed input's size is unknown)."""
    stream = stream or sys.stderr
    return tqdm(total=total, unit=f" {what}", file=stream, disable=not stream.isatty(), leave=False,
                dynamic_ncols=True, smoothing=0.1)
