"""The pre-commit hooks, run for real with ``pre-commit try-repo``.

try-repo installs a hook repository at a commit, so the test copies this checkout (working
tree, without .git and virtualenvs) into a temporary git repository and commits it: the hooks
under test are the code as it is now. pre-commit then builds the hook's virtualenv from PyPI
(about 15 s the first time), so this test needs the network; it is skipped offline unless
``CI`` is set, where a missing network is a failure.
"""

from __future__ import annotations

import re

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

GIT_ENV = {
    "GIT_AUTHOR_NAME": "lintnews tests", "GIT_AUTHOR_EMAIL": "tests@lintnews.invalid",
    "GIT_COMMITTER_NAME": "lintnews tests", "GIT_COMMITTER_EMAIL": "tests@lintnews.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}
DEFECTIVE = "“Relations are at a critically low level in Europe, “Fomin warned.\n\n“Security should be for everyone ”, said the diplomat.\n"
FIXED = "“Relations are at a critically low level in Europe,” Fomin warned.\n\n“Security should be for everyone”, said the diplomat.\n"
CLEAN = "NATO and Russia met in Brussels on Wednesday.\n\n“We are ready to talk,” the diplomat said.\n"


def _pypi_reachable() -> bool:
    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


def _git(*args: str, cwd: Path) -> str:
    env = {**os.environ, **GIT_ENV, "GIT_CEILING_DIRECTORIES": str(cwd.parent)}
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(var, None)
    r = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        pytest.skip("pre-commit is not installed (pip install '.[test]')")
    if not _pypi_reachable():
        if os.environ.get("CI"):
            pytest.fail("pre-commit needs PyPI to build the hook environment, and PyPI is unreachable")
        pytest.skip("PyPI is unreachable: pre-commit cannot build the hook environment")
    base = tmp_path_factory.mktemp("precommit")
    repo = base / "lintnews-hooks"

    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = {n for n in names if n in ("__pycache__", "build", "dist", ".git") or n.endswith(".egg-info")}
        if Path(folder) == ROOT:  # .venv, .pytest_cache, ...; keep .ci and .pre-commit-hooks.yaml
            skip |= {n for n in names if n.startswith(".") and n != ".ci" and (ROOT / n).is_dir()}
            skip |= {"venv", "test-artifacts"} & set(names)
        return skip

    shutil.copytree(ROOT, repo, ignore=ignore)
    # In a git worktree .git is a file pointing at the real repository: never copy it, or the
    # commit below would land on the checkout's branch.
    assert not (repo / ".git").exists()
    _git("init", "-q", cwd=repo)
    _git("add", "-A", cwd=repo)
    _git("commit", "-q", "-m", "lintnews under test", cwd=repo)
    return repo, _git("rev-parse", "HEAD", cwd=repo)


@pytest.fixture
def project(tmp_path):
    work = tmp_path / "site"
    work.mkdir()
    _git("init", "-q", cwd=work)
    (work / "defective.txt").write_text(DEFECTIVE, encoding="utf-8")
    (work / "clean.txt").write_text(CLEAN, encoding="utf-8")
    _git("add", "-A", cwd=work)
    return work


def _try_repo(hook_repo, work: Path, *files: str):
    """Run every hook of the repository (lintnews, then lintnews-fix) on ``files``.

    try-repo builds the hook environment afresh on every call (its store lives in a temporary
    folder), so the test makes two calls, not one per hook and outcome."""
    repo, rev = hook_repo
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(repo), "--ref", rev, "--files", *files],
        cwd=work, capture_output=True, text=True, timeout=600,
        env={**os.environ, **GIT_ENV, "PRE_COMMIT_COLOR": "never"},
    )


def _status(output: str, hook_name: str) -> str:
    """Passed or Failed, from pre-commit's line ``name.....Passed`` for a hook."""
    for line in output.splitlines():
        if line.startswith(hook_name + ".") or line.startswith(hook_name + " ."):
            return line.rsplit(".", 1)[-1].strip()
    raise AssertionError(f"no status line for {hook_name!r} in:\n{output}")


@pytest.mark.network
def test_hooks_fail_on_defective_article_fix_it_then_pass(hook_repo, project):
    first = _try_repo(hook_repo, project, "defective.txt", "clean.txt")
    out = first.stdout + first.stderr
    assert first.returncode == 1, out
    # The check hook reports the defective article, not the clean one, and writes nothing.
    assert _status(first.stdout, "lintnews") == "Failed", out
    assert "defective.txt:1:53: QT002" in first.stdout and not re.search(r"clean\.txt:\d+:\d+:", first.stdout)
    # The fix hook then repairs it, so pre-commit fails the commit with the files modified.
    assert _status(first.stdout, "lintnews (fix)") == "Failed", out
    assert "files were modified by this hook" in first.stdout
    assert (project / "defective.txt").read_text(encoding="utf-8") == FIXED
    assert (project / "clean.txt").read_text(encoding="utf-8") == CLEAN

    second = _try_repo(hook_repo, project, "defective.txt", "clean.txt")
    out = second.stdout + second.stderr
    assert second.returncode == 0, out
    assert _status(second.stdout, "lintnews") == "Passed", out
    assert _status(second.stdout, "lintnews (fix)") == "Passed", out
