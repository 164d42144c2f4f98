from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None, env: dict | None = None):
    """Run ``python -m lintnews`` as a user would, in a separate process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "lintnews", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd or ROOT,
        env=full_env,
        timeout=120,
    )


@pytest.fixture
def cli():
    return run_cli


def needs_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not present beside the checkout")
    return path
