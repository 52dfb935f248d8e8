"""A per-article time limit (`--max-article-seconds`), checked cooperatively.

The extractor calls `check()` at its loop points: before each regex's scan and at each
of its matches, between the steps of an article, for each date phrase and each
mention. So the limit works alike in the main thread, in forked workers and in the
threads of a Dask worker, where no signal can reach; an overrun raises ArticleTimeout,
which the run turns into a rejected article (E023) before it goes on with the next.
A step that is not a loop (one regex search, resolving the places of a whole article)
runs to its end, so an article may overshoot the limit by that step.

The clock is the CPU time of the thread doing the work: a busy machine, or another
thread waiting for the interpreter, does not count against an article. Whether an
article fits still depends on the speed of the machine, which is why the limit is
off unless asked for: without it, the same inputs give the same bytes anywhere.
"""

from __future__ import annotations

import time


class ArticleTimeout(Exception):
    """Extracting one article took longer than its limit."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"more than {seconds:g} s of CPU time")
        self.seconds = seconds


class Deadline:
    """`check()` raises ArticleTimeout once `seconds` of this thread's CPU time have passed."""

    __slots__ = ("seconds", "_at")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._at = time.thread_time() + seconds

    def check(self) -> None:
        if time.thread_time() > self._at:
            raise ArticleTimeout(self.seconds)


def no_check() -> None:
    """The check of an article without a limit."""
