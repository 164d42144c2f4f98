"""The installed package carries the rule packs (a wheel, not only an editable checkout)."""

from __future__ import annotations

import importlib.metadata as md
import subprocess
import sys

import pytest


def _installed_files():
    try:
        dist = md.distribution("lintnews")
    except md.PackageNotFoundError:
        pytest.skip("lintnews is not installed (run from a checkout)")
    files = dist.files or []
    if not any(str(f).startswith("lintnews/") for f in files):
        pytest.skip("lintnews is installed in editable mode")
    return files


def test_wheel_carries_rules(tmp_path):
    files = _installed_files()
    packs = [
        str(f) for f in files
        if str(f).startswith("lintnews/rules/") and str(f).endswith(".yaml") and "/data/" not in str(f)
    ]
    assert any(p.endswith("QT002-misoriented-quote.yaml") for p in packs)
    # Run from a folder with no checkout in sight: the installed rules must load.
    code = "import lintnews.packs as p; print(p.default_rules_dir()); print(len(p.load_rules()))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    where, count = out.stdout.split()
    assert "site-packages" in where and int(count) == len(packs)
