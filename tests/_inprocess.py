"""Run the CLI in this process (fast) with the same result shape as ``conftest.run_cli``:
``returncode``, ``stdout`` and ``stderr`` as bytes. Tests that need a real process (stdin,
packaging) use the ``cli`` fixture instead."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from typer.testing import CliRunner

from conftest import ROOT
from lintnews.cli import app


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    old = os.getcwd()
    os.chdir(cwd or ROOT)
    try:
        result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout_bytes, result.stderr_bytes)
