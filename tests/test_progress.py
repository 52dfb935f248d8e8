"""The progress bar shows on a terminal and stays silent everywhere else."""

from __future__ import annotations

import io

from pipeline.progress import progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_count_rate_and_eta():
    stream = Terminal()
    with progress_bar(4096, stream=stream) as bar:
        bar.update(2048)
        bar.refresh()
    shown = stream.getvalue()
    assert "2048/4096" in shown and "articles/s" in shown and "<" in shown  # tqdm's ETA: elapsed<remaining


def test_a_pipe_sees_nothing():
    stream = io.StringIO()
    with progress_bar(10, stream=stream) as bar:
        bar.update(10)
    assert stream.getvalue() == ""
