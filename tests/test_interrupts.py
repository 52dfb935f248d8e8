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


def test_a_compile_whose_interrupt_a_finaliser_swallowed_stops_before_writing(tmp_path, monkeypatch, capsys, extractor):
    # End to end: Ctrl-C lands while a __del__ runs during the compile. Python cannot raise it
    # there; the run must still stop (130, one line) and write nothing, not finish as if
    # nothing had happened.
    import json

    from pipeline import stages
    from pipeline.cli import main

    monkeypatch.setattr(stages, "make_extractor", lambda *_: (extractor, "gazetteer"))  # built once per session
    resolve = stages.resolve_table

    def resolve_while_a_finaliser_is_interrupted(*args):
        InterruptedFinaliser()
        return resolve(*args)

    monkeypatch.setattr(stages, "resolve_table", resolve_while_a_finaliser_is_interrupted)
    src, out = tmp_path / "in.jsonl", tmp_path / "out"
    src.write_text(json.dumps({"id": "a", "text": "Gunmen killed 4 villagers in Kandahar, Afghanistan, on 5 May 2024."})
                   + "\n", encoding="utf-8")
    previous = sys.unraisablehook
    try:
        code = main(["compile", str(src), "--out", str(out), "--jobs", "1"])
    finally:
        sys.unraisablehook = previous
    err = capsys.readouterr().err
    assert code == 130 and not out.exists(), err
    assert err.splitlines() == ["conflict-events: E020 interrupted; workers stopped, no output folder was changed"]


def test_a_program_ignores_ctrl_c_once_its_output_is_swapped_in(monkeypatch):
    import signal

    previous = signal.getsignal(signal.SIGINT)
    try:
        monkeypatch.setattr(interrupts, "program", True)
        interrupts.settled()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)


def test_an_in_process_caller_keeps_its_own_ctrl_c_handler(monkeypatch):
    import signal

    previous = signal.getsignal(signal.SIGINT)
    monkeypatch.setattr(interrupts, "program", False)
    interrupts.settled()
    assert signal.getsignal(signal.SIGINT) is previous
