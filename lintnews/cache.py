"""A content-hash cache of per-file results, for re-runs over mostly unchanged files
(pre-commit, CI on a growing archive).

An entry is keyed by the file's path and bytes, the lintnews version, the selected rules
(their files' digests) and the settings that change results. It holds what linting the file
produced: findings of document rules, the document info, and the corpus rules' observations,
so cached files still take part in corpus-wide decisions. Entries are pickles written
atomically; an unreadable entry is treated as a miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import fields
from pathlib import Path
from typing import Any

from lintnews import __version__
from lintnews.fileio import atomic_write_bytes

DEFAULT_DIR = ".lintnews_cache"


class Cache:
    def __init__(self, folder: str | Path, salt: str):
        self.folder = Path(folder)
        self.salt = salt

    @classmethod
    def for_run(cls, folder: str | Path, rules, settings) -> "Cache":
        parts = [__version__, repr(sorted(r.digest for r in rules)), repr(_result_settings(settings))]
        return cls(folder, hashlib.sha256("\0".join(parts).encode()).hexdigest())

    def _entry(self, path: str, data: bytes) -> Path:
        h = hashlib.sha256()
        h.update(self.salt.encode())
        h.update(os.fsencode(path))
        h.update(b"\0")
        h.update(data)
        key = h.hexdigest()
        return self.folder / key[:2] / key[2:]

    def get(self, path: str, data: bytes) -> Any | None:
        try:
            with open(self._entry(path, data), "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return None

    def put(self, path: str, data: bytes, value: Any) -> None:
        entry = self._entry(path, data)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            if not (self.folder / "CACHEDIR.TAG").exists():
                (self.folder / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n")
                (self.folder / ".gitignore").write_text("*\n")
            atomic_write_bytes(entry, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a cache that cannot be written is only slower


_NOT_RESULTS = {"fail_on", "config_path", "jobs", "cache_dir", "no_cache"}


def _result_settings(settings) -> list:
    """The settings that change what a file yields (not output or exit-code settings).
    Unknown new settings count, so adding one can only cause misses, never stale hits."""
    return sorted((f.name, repr(getattr(settings, f.name))) for f in fields(settings) if f.name not in _NOT_RESULTS)
