"""Baselines: record today's findings, then report only new ones, even after lines move."""

from __future__ import annotations

import json

import pytest

from _inprocess import run_cli

BAD = "He said “yes“ twice."  # one QT002
OTHER = "She answered “no“ at once."


def _run(cli, tmp_path, *args):
    r = cli("check", "--isolated", "--format", "json", *args, cwd=tmp_path)
    assert b"Traceback" not in r.stderr, r.stderr.decode()
    return r


def test_baseline_reports_only_new_findings_after_lines_move(cli, tmp_path):
    art = tmp_path / "a.txt"
    art.write_text(f"Intro.\n\n{BAD}\n\n{BAD}\n", encoding="utf-8")
    r = _run(cli, tmp_path, "--write-baseline", "base.json", "a.txt")
    assert r.returncode == 0 and r.stdout == b"" and b"recorded 2 findings" in r.stderr
    data = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and len(data["findings"]) == 2
    assert len({f["fingerprint"] for f in data["findings"]}) == 2  # same text twice: occurrence index

    r = _run(cli, tmp_path, "--baseline", "base.json", "a.txt")
    assert r.returncode == 0 and json.loads(r.stdout)["findings"] == []

    # Paragraphs added above: the old findings move down and stay known; a new one appears.
    art.write_text(f"New lead.\n\nMore.\n\nIntro.\n\n{BAD}\n\n{OTHER}\n\n{BAD}\n", encoding="utf-8")
    r = _run(cli, tmp_path, "--baseline", "base.json", "a.txt")
    found = json.loads(r.stdout)["findings"]
    assert [(f["code"], f["line"]) for f in found] == [("QT002", 9)] and r.returncode == 1
    assert b"2 findings in the baseline not shown" in r.stderr

    # A third copy of a known defect is new.
    art.write_text(f"{BAD}\n{BAD}\n{BAD}\n", encoding="utf-8")
    r = _run(cli, tmp_path, "--baseline", "base.json", "a.txt")
    assert len(json.loads(r.stdout)["findings"]) == 1


def test_baseline_with_text_format_and_fingerprints_ignore_path_spelling(cli, tmp_path):
    (tmp_path / "a.txt").write_text(BAD + "\n", encoding="utf-8")
    assert _run(cli, tmp_path, "--write-baseline", "b.json", "./a.txt").returncode == 0
    r = cli("check", "--isolated", "--baseline", "b.json", "a.txt", cwd=tmp_path)
    assert r.returncode == 0 and b"All checks passed" in r.stdout


def test_bad_baseline_files_are_clear_errors(cli, tmp_path):
    (tmp_path / "a.txt").write_text(BAD + "\n", encoding="utf-8")
    cases = {
        "missing.json": None,
        "broken.json": "{not json",
        "wrong.json": '{"findings": {}}',
        "version.json": '{"version": 99, "findings": []}',
        "rows.json": '{"version": 1, "findings": [{"path": "a.txt"}]}',
    }
    for name, content in cases.items():
        if content is not None:
            (tmp_path / name).write_text(content, encoding="utf-8")
        r = _run(cli, tmp_path, "--baseline", name, "a.txt")
        assert r.returncode == 2 and name.encode() in r.stderr and r.stdout == b"", (name, r.stderr)


def test_write_baseline_into_a_missing_folder_fails_cleanly(cli, tmp_path):
    (tmp_path / "a.txt").write_text(BAD + "\n", encoding="utf-8")
    r = _run(cli, tmp_path, "--write-baseline", "no/such/dir/b.json", "a.txt")
    assert r.returncode == 2 and b"b.json" in r.stderr
    assert not (tmp_path / "no").exists()


@pytest.fixture
def cli():
    """In-process CLI: these tests run it dozens of times."""
    return run_cli
