"""Ctrl-C that is never lost.

Python raises KeyboardInterrupt at the next bytecode after SIGINT. When that bytecode
belongs to a finaliser (a `__del__` run by the garbage collector), the exception cannot
propagate: Python prints "Exception ignored in ..." with a traceback and carries on, so
a run interrupted at that instant would finish and swap in its output as if nothing had
happened. `guard()` records such a swallowed interrupt instead of printing it, and
`check()`, called between batches and before any output is written, raises it again.
"""

from __future__ import annotations

import signal
import sys

_swallowed = False
# Whether the compiler runs as its own program (not called in-process, as by the tests).
program = False


def guard() -> None:
    """Route interrupts that finalisers swallow to `check()`; other unraisable errors as before."""
    previous = sys.unraisablehook

    def hook(unraisable) -> None:
        global _swallowed
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            _swallowed = True
            return
        previous(unraisable)

    sys.unraisablehook = hook


def check() -> None:
    """Raise KeyboardInterrupt if one was swallowed since the run began."""
    global _swallowed
    if _swallowed:
        _swallowed = False
        raise KeyboardInterrupt


def settled() -> None:
    """The output is swapped in: a Ctrl-C from now on cannot undo the run, so the program
    ignores it and ends with the run's own exit code. (Left to Python, a Ctrl-C during the
    interpreter's shutdown ends the process by SIGINT, which reports a finished run as
    interrupted.) In-process callers keep their own handler."""
    if program:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
