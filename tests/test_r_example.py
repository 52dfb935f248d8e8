"""The README's R example runs with Debian's r-base-core and r-cran-readr, reading events.csv
with the column types the codebook gives."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from pipeline.codebook import readr_col_types
from pipeline.vocab import DEFAULT_RULES_DIR, load_vocabulary
from tests.conftest import ROOT

RSCRIPT = shutil.which("Rscript")


def _readr_example() -> str:
    blocks = re.findall(r"```r\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    return next(b for b in blocks if "library(readr)" in b)


def test_the_example_uses_the_codebooks_column_types():
    assert f'col_types = "{readr_col_types(load_vocabulary(DEFAULT_RULES_DIR))}"' in _readr_example()


@pytest.mark.skipif(RSCRIPT is None, reason="Rscript is not installed (.ci/run installs r-base-core and r-cran-readr)")
def test_the_readme_r_example_runs_and_reads_real_types(multi_outlet_out, tmp_path):
    (tmp_path / "output").mkdir()
    shutil.copy(multi_outlet_out / "events.csv", tmp_path / "output" / "events.csv")
    run = subprocess.run([RSCRIPT, "-e", _readr_example()], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "Warning" not in run.stderr and "problems" not in run.stderr, run.stderr
    # sapply(..., class) prints each column's class: dates are Dates, counts integers.
    assert re.search(r"event_date\s.*\n\s*\"?Date", run.stdout) or "Date" in run.stdout, run.stdout
    assert "integer" in run.stdout, run.stdout
