"""Tables derived from language data, kept on disk so a new process loads them in
milliseconds instead of rebuilding them (pre-commit runs one short process per commit).

A table is a plain ``dict`` of words to numbers, stored with :mod:`marshal` under the user's
cache folder (``$LINTNEWS_DATA_CACHE``, else ``$XDG_CACHE_HOME/lintnews``, else
``~/.cache/lintnews``), named by what it was built from (library versions and parameters).
When the folder cannot be written the table is simply rebuilt each time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import Callable

FORMAT = 1


def cache_folder() -> Path:
    own = os.environ.get("LINTNEWS_DATA_CACHE")
    if own:
        return Path(own)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lintnews"


def cached_table(name: str, key: str, build: Callable[[], dict]) -> dict:
    """The table ``name`` for ``key``: from disk if built before, else built and stored."""
    digest = hashlib.sha256(f"{FORMAT}\0{key}".encode()).hexdigest()[:16]
    path = cache_folder() / f"{name}-{digest}.marshal"
    try:
        table = marshal.loads(path.read_bytes())
        if isinstance(table, dict):
            return table
    except (OSError, EOFError, ValueError, TypeError):
        pass
    table = build()
    try:
        from lintnews.fileio import atomic_write_bytes

        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, marshal.dumps(table))
    except (OSError, ValueError):  # a folder that cannot be written; a value marshal cannot hold
        pass
    return table


def package_version(name: str) -> str:
    """What identifies the installed package ``name`` for a cache key: the path, size and
    modification time of its ``__init__`` file (they change with every install or upgrade).
    Cheaper than ``importlib.metadata``, whose import alone costs about 50 ms per run."""
    from importlib.util import find_spec

    try:
        spec = find_spec(name)
        origin = spec.origin if spec is not None else None
        if not origin:
            return "unknown"
        st = os.stat(origin)
    except (ImportError, ValueError, OSError):
        return "unknown"
    return f"{origin}:{st.st_size}:{st.st_mtime_ns}"
