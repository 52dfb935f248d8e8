"""The README documents every command and the contract files; the help texts end with examples."""

from __future__ import annotations

from pipeline.cli import _parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    sub = next(a for a in _parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"conflict-events {name}" in README or f"/ {name}" in README, name


def test_readme_names_the_two_commands_and_ci_calls_the_test_one():
    assert "make run" in README and "make test" in README
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_has_a_filled_accuracy_table():
    assert "ACCURACY_TABLE" not in README
    assert "| acled |" in README and "| bbc_news |" in README


def test_the_readmes_pandas_types_are_what_pandas_reads(multi_outlet_out):
    # The README shows pandas' dtypes with default settings: they must be what a real output gives.
    import re

    import pandas as pd

    block = re.search(r"```\n(>>> import pandas as pd\n.*?)```", README, re.S).group(1)
    expr, shown = re.search(r">>> (events\[.*?\]\.dtypes)\n(.*?)\n>>>", block, re.S).groups()
    events = pd.read_parquet(multi_outlet_out / "events.parquet")
    assert str(eval(expr, {"events": events})) == shown
