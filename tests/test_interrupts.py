"""A Ctrl-C that lands inside a finaliser is not lost: the next check raises it."""

from __future__ import annotations

import sys

import pytest

from pipeline import interrupts


class InterruptedFinaliser:
    def __del__(self):
        raise KeyboardInterrupt  # what SIGINT does when it lands while a __del__ runs


def test_a_swallowed_interrupt_is_raised_once_at_the_next_check(capsys):
    previous = sys.unraisablehook
    interrupts.guard()
    try:
        InterruptedFinaliser()  # collected at once; its exception cannot propagate
        with pytest.raises(KeyboardInterrupt):
            interrupts.check()
        interrupts.check()  # raised once, then the run goes on as normal
    finally:
        sys.unraisablehook = previous
    assert "Exception ignored" not in capsys.readouterr().err


def test_other_unraisable_errors_still_reach_the_previous_hook():
    seen = []
    previous = sys.unraisablehook
    sys.unraisablehook = seen.append
    interrupts.guard()
    try:

        class Broken:
            def __del__(self):
                raise ValueError("a real bug")

        Broken()
    finally:
        sys.unraisablehook = previous
    assert [u.exc_type for u in seen] == [ValueError]
    interrupts.check()  # nothing swallowed: no interrupt
