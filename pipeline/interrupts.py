"""Ctrl-C that is never lost.

Python raises KeyboardInterrupt at the next bytecode after SIGINT. When that bytecode
belongs to a finaliser (a `__del__` run by the garbage collector), the exception cannot
propagate: Python prints "Exception ignored in ..." with a traceback and carries on, so
a run interrupted at that instant would finish and swap in its output as if nothing had
happened. `guard()` records such a swallowed interrupt instead of printing it, and
`check()`, called between batches and before any output is written, raises it again.
"""

from __future__ import annotations

import sys

_swallowed = False


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
