"""The rule kinds a YAML rule file picks with ``kind:``.

Each kind module has ``FIELDS`` (the fields it adds to the common ones) and
``build(meta, fields) -> checker``. Modules are imported only when a rule uses them.
"""

from __future__ import annotations

import importlib
from types import ModuleType

NAMES = ("existence", "substitution", "consistency", "builtin")


def get(name: str) -> ModuleType | None:
    if name not in NAMES:
        return None
    return importlib.import_module(f"lintnews.kinds.{name}")
