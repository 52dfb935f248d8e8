"""Read YAML safely and fast: libyaml's C safe loader where PyYAML was built with it.

The rule book is about 40 files and 20,000 lines; the pure-Python loader spends
nearly two seconds of every start-up on them, the C loader a tenth of that. Both
are safe loaders: tags construct nothing but plain data.
"""

from __future__ import annotations

from typing import Any

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# What the loader accepts, for caches of parsed files: raise it when that changes.
LOADER_VERSION = 2  # 2: a key given twice in one mapping is an error


class SafeLoader(_BaseLoader):
    """A safe loader that refuses a key given twice in one mapping. YAML itself lets the
    last one win, so a second `BLR:` line in a vocabulary would silently drop the first."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, (str, int, float, bool)) and key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping", node.start_mark, f"found the key {key!r} twice", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def load_yaml(text: str | bytes) -> Any:
    """The document in `text`, as plain Python data (yaml.YAMLError when it is not YAML)."""
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader, C or Python
