"""A progress bar on the terminal for long runs; nothing at all when stderr is not a terminal."""

from __future__ import annotations

import sys

MIN_FILES = 50


class Progress:
    """Receives ``start(total)``, ``advance()`` per file and ``stop()`` from the runner."""

    def __init__(self) -> None:
        self._bar = None
        self._task = None

    @classmethod
    def for_terminal(cls) -> "Progress | None":
        return cls() if sys.stderr.isatty() else None

    def start(self, total: int | None) -> None:
        if total is not None and total < MIN_FILES:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TimeElapsedColumn

        self._bar = Bar("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), transient=True, console=Console(stderr=True))
        self._bar.start()
        self._task = self._bar.add_task("linting", total=total)

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.advance(self._task)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
