import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_validation_does_not_import_hypothesis():
    # hypothesis costs about 0.3 s of start-up and the compiler never synthesises data.
    code = ("import sys\nfrom pipeline.validate.quarantine import validate_rows\n"
            "from pipeline.validate.schemas import schema_for\nimport pipeline.export\n"
            "print('hypothesis' in sys.modules)")
    assert _run(code) == "False"


def test_hypothesis_stays_importable_after_pandera():
    # Hidden only during pandera's own import: the name is free again afterwards.
    code = ("from pipeline.validate.pandera_import import import_pandera\nimport_pandera()\n"
            "import hypothesis\nprint(hypothesis.__name__)")
    assert _run(code) == "hypothesis"


def test_an_already_imported_hypothesis_is_kept():
    code = ("import hypothesis, sys\nfrom pipeline.validate.pandera_import import import_pandera\n"
            "pa = import_pandera()\nprint(sys.modules['hypothesis'] is hypothesis, pa.__name__)")
    assert _run(code) == "True pandera.pandas"
