"""Import pandera without hypothesis: a third of a second of every compile's start-up.

pandera's built-in checks (loaded by the first validation) import its data-synthesis
strategies, and those import hypothesis whenever it is installed (it is, for the property tests). The compiler only
validates; it never asks pandera to synthesise data. pandera imports hypothesis inside
`try: ... except ImportError`, so hiding it during pandera's own import gives the same
schemas and the same validation, with the strategies left as placeholders.

A process that imported hypothesis before (the test suite) keeps it and pandera sees it.
"""

from __future__ import annotations

import sys
from types import ModuleType


def import_pandera() -> ModuleType:
    """pandera.pandas, imported with hypothesis hidden unless it is loaded already."""
    if "pandera.pandas" in sys.modules or "hypothesis" in sys.modules:
        import pandera.pandas

        return pandera.pandas
    sys.modules["hypothesis"] = None  # `import hypothesis` raises ImportError while this stands
    try:
        # The built-in checks are imported by the first validation, not by pandera.pandas:
        # the strategies come in with them, so they are imported here, inside the window.
        import pandera.backends.pandas.builtin_checks  # noqa: F401
        import pandera.pandas
    finally:
        del sys.modules["hypothesis"]
    return pandera.pandas
