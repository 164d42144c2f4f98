"""Tables derived from language data, kept on disk so a new process loads them in
milliseconds instead of rebuilding them (pre-commit runs one short process per commit).

A small table (rule data, pattern checks) is a plain ``dict`` stored with :mod:`marshal`; a
large word table (syllables, word frequencies: up to 321,000 words) is a SQLite file read one
word at a time (:func:`cached_lookup`), so that a short run reads the few hundred words of its
article instead of loading them all. Both live under the user's cache folder
(``$LINTNEWS_DATA_CACHE``, else ``$XDG_CACHE_HOME/lintnews``, else ``~/.cache/lintnews``), named
by what they were built from (library versions and parameters). When the folder cannot be
written the table is rebuilt in memory each time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path
from typing import Callable

FORMAT = 1


def cache_folder() -> Path:
    own = os.environ.get("LINTNEWS_DATA_CACHE")
    if own:
        return Path(own)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "lintnews"


def _table_path(name: str, key: str, suffix: str) -> Path:
    digest = hashlib.sha256(f"{FORMAT}\0{key}".encode()).hexdigest()[:16]
    return cache_folder() / f"{name}-{digest}{suffix}"


def _read_table(path: Path) -> dict | None:
    try:
        table = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return table if isinstance(table, dict) else None


def _write_table(path: Path, table: dict) -> None:
    """Store ``table`` (raises OSError when the folder cannot be written, ValueError for a
    value marshal cannot hold)."""
    from lintnews.fileio import atomic_write_bytes

    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, marshal.dumps(table))


def cached_table(name: str, key: str, build: Callable[[], dict]) -> dict:
    """The table ``name`` for ``key``: from disk if built before, else built and stored."""
    path = _table_path(name, key, ".marshal")
    table = _read_table(path)
    if table is not None:
        return table
    table = build()
    try:
        _write_table(path, table)
    except (OSError, ValueError):  # a folder that cannot be written; a value marshal cannot hold
        pass
    return table


# A word table whose marshal copy is at most this big is loaded whole at once.
LOAD_WHOLE_BYTES = 1_000_000


class Lookup:
    """A read-only word table: ``get(word, default)``, from a SQLite file (one connection per
    process and thread, opened on first use) or from a dict. A run that looks up more than
    ``LOAD_AFTER`` words (a corpus, not one article) reads the whole table into memory once:
    a dict lookup is a hundred times cheaper than a query."""

    LOAD_AFTER = 1000

    def __init__(self, path: Path | None = None, table: dict | None = None):
        self.path = path
        self.table = table
        self._queries = 0
        self._local = threading.local()

    def get(self, key: str, default=None):
        if self.table is not None:
            return self.table.get(key, default)
        self._queries += 1
        if self._queries > self.LOAD_AFTER:
            self.table = self._load()
            return self.table.get(key, default)
        row = self._connection().execute("SELECT v FROM t WHERE k = ?", (key,)).fetchone()
        return default if row is None else row[0]

    def _load(self) -> dict:
        """The whole table: from its marshal copy (several times faster than a query)."""
        table = _read_table(self.path.with_suffix(".marshal"))
        return table if table is not None else dict(self._connection().execute("SELECT k, v FROM t"))

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():  # never a connection from before a fork
            conn = self._local.conn = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True)
            self._local.pid = os.getpid()
        return conn

    def __getstate__(self) -> dict:
        return {"path": self.path, "table": self.table}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["path"], state["table"])


def cached_lookup(name: str, key: str, build: Callable[[], dict]) -> Lookup:
    """The word table ``name`` for ``key`` as a :class:`Lookup`: the SQLite file if built
    before, else built, stored (as SQLite for lookups and as marshal for loading whole) and
    opened; kept in memory when it cannot be stored."""
    path = _table_path(name, key, ".sqlite")
    if path.is_file():
        whole = path.with_suffix(".marshal")
        try:
            small = whole.stat().st_size <= LOAD_WHOLE_BYTES
        except OSError:
            small = False
        lookup = Lookup(path)
        if small:  # a few thousand words: loaded in a millisecond or two, then dict lookups
            lookup.table = lookup._load()
        return lookup
    table = build()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        _write_table(path.with_suffix(".marshal"), table)  # for Lookup._load
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v) WITHOUT ROWID")
            conn.executemany("INSERT INTO t VALUES (?, ?)", table.items())
            conn.commit()
        finally:
            conn.close()
        os.replace(tmp, path)  # readers see the whole table or none
    except (OSError, ValueError, sqlite3.Error):
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return Lookup(table=table)
    return Lookup(path)


@lru_cache(maxsize=None)
def package_version(name: str) -> str:
    """What identifies the installed package ``name`` for a cache key: the path, size and
    modification time of its ``__init__`` file (they change with every install or upgrade).
    Cheaper than ``importlib.metadata``, whose import alone costs about 50 ms per run.
    The package is looked up on ``sys.path``, not imported (nor a lazily imported module
    loaded by asking for its spec)."""
    from importlib.machinery import PathFinder

    try:
        spec = PathFinder.find_spec(name)
        origin = spec.origin if spec is not None else None
        if not origin:
            return "unknown"
        st = os.stat(origin)
    except (ImportError, ValueError, OSError):
        return "unknown"
    return f"{origin}:{st.st_size}:{st.st_mtime_ns}"
