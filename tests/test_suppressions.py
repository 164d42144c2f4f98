"""Inline suppression comments, [sic], unused-suppression reports and per-file ignores, as a
user meets them from the command line."""

from __future__ import annotations

import json

import pytest

from _inprocess import run_cli

from lintnews.config import Settings
from lintnews.document import Document
from lintnews.engine import make_finding
from lintnews.model import Hit
from lintnews.packs import load_rules
from lintnews.runner import Linter

BAD = "He said “yes“ twice."  # QT002 at the second “


def _findings(cli, tmp_path, text, *args, name="a.md"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    r = cli("check", "--isolated", "--format", "json", *args, str(path))
    assert b"Traceback" not in r.stderr, r.stderr.decode()
    return [(f["code"], f["line"], f["message"]) for f in json.loads(r.stdout)["findings"]], r


def test_disable_enable_range(cli, tmp_path):
    text = f"{BAD}\n\n<!-- lintnews: disable QT002 -->\n{BAD}\n\n{BAD}\n<!-- lintnews: enable -->\n{BAD}\n"
    found, _ = _findings(cli, tmp_path, text)
    assert [(c, line) for c, line, _ in found] == [("QT002", 1), ("QT002", 8)]


def test_disable_by_prefix_and_name_and_enable_one(cli, tmp_path):
    text = (
        "<!-- lintnews: disable QT -->\n" + BAD + "\n<!-- lintnews: enable QT -->\n"
        "<!-- lintnews: disable misoriented-quote -->\n" + BAD + "\n<!-- lintnews: enable -->\n" + BAD + "\n"
    )
    found, _ = _findings(cli, tmp_path, text)
    assert [(c, line) for c, line, _ in found] == [("QT002", 7)]


def test_disable_next_line_skips_blank_lines_and_covers_one_line(cli, tmp_path):
    text = f"<!-- lintnews: disable-next-line QT002 -->\n\n{BAD}\n{BAD}\n"
    found, _ = _findings(cli, tmp_path, text)
    assert [(c, line) for c, line, _ in found] == [("QT002", 4)]


def test_disable_file_and_crlf(cli, tmp_path):
    text = f"{BAD}\r\n<!-- lintnews: disable-file -->\r\n{BAD}\r\n"
    found, r = _findings(cli, tmp_path, text, name="a.txt")
    assert found == [] and r.returncode == 0
    text = f"{BAD}\r\n<!-- lintnews: disable-file BP -->\r\n{BAD}\r\n"
    found, _ = _findings(cli, tmp_path, text, name="a.txt")
    assert [(c, line) for c, line, _ in found] == [("QT002", 1), ("LN001", 2), ("QT002", 3)]


def test_sic_suppresses_findings_on_that_word_only(cli, tmp_path):
    found, r = _findings(cli, tmp_path, "He said “yes“ [sic] twice.\n")
    assert found == [] and r.returncode == 0
    found, _ = _findings(cli, tmp_path, "He [sic] said “yes“ twice.\n")
    assert [c for c, _, _ in found] == ["QT002"]  # [sic] after another word; never reported unused


def test_unused_suppressions_are_reported_and_can_be_ignored(cli, tmp_path):
    text = (
        "<!-- lintnews: disable-next-line QT002 -->\nA sentence without quotes.\n"
        "<!-- lintnews: disable ZZ123 -->\n<!-- lintnews: disabel QT002 -->\n"
    )
    found, r = _findings(cli, tmp_path, text)
    assert [(c, line) for c, line, _ in found] == [("LN001", 1), ("LN001", 3), ("LN001", 4)]
    assert "suppressed nothing" in found[0][2] and "names no rule: ZZ123" in found[1][2]
    assert "not a lintnews directive" in found[2][2] and r.returncode == 1
    found, r = _findings(cli, tmp_path, text, "--ignore", "LN001")
    assert found == [] and r.returncode == 0


def test_directive_for_rules_that_did_not_run_is_not_judged(cli, tmp_path):
    text = f"<!-- lintnews: disable-next-line BP001 -->\n{BAD}\n"
    found, _ = _findings(cli, tmp_path, text, "--select", "QT,LN")
    assert [c for c, _, _ in found] == ["QT002"]
    found, _ = _findings(cli, tmp_path, text)
    assert [c for c, _, _ in found] == ["LN001", "QT002"]


def test_unused_suppression_fix_removes_the_comment_line():
    rule = next(r for r in load_rules() if r.meta.code == "LN001")
    doc = Document("a.md", "Intro.\n<!-- lintnews: disable QT002 -->\nText.\n")
    [hit] = list(rule.checker.check(doc))
    [edit] = hit.edits
    assert doc.text[: edit.offset] + doc.text[edit.end_offset :] == "Intro.\nText.\n"


def test_findings_inside_a_comment_are_dropped():
    """The comment is not article text: a finding that overlaps it is not reported."""
    linter = Linter.from_settings(Settings())
    doc = Document("a.md", f"<!-- lintnews: disable-next-line QT002 -->\n{BAD}\n")
    rule = next(r for r in linter.rules if r.meta.code == "QT002")
    inside = make_finding(rule.meta, Hit(5, 10), doc)
    sup = linter.suppressor()
    sup.observe(doc)
    assert sup.apply([inside]) == []


def test_per_file_ignores_from_config(cli, tmp_path):
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "old.txt").write_text(BAD + "\n", encoding="utf-8")
    (tmp_path / "new.txt").write_text(BAD + "\n", encoding="utf-8")
    (tmp_path / "lintnews.toml").write_text('[per-file-ignores]\n"archive/*.txt" = ["QT"]\n', encoding="utf-8")
    r = cli("check", "--format", "json", ".", cwd=tmp_path)
    paths = [f["path"] for f in json.loads(r.stdout)["findings"]]
    assert paths == ["./new.txt"] or paths == ["new.txt"], paths
    # the globs are relative to the config file, wherever lintnews runs from
    r = cli("check", "--format", "json", "old.txt", cwd=tmp_path / "archive")
    assert json.loads(r.stdout)["findings"] == [] and r.returncode == 0


def test_per_file_ignores_errors(cli, tmp_path):
    (tmp_path / "a.txt").write_text(BAD + "\n", encoding="utf-8")
    (tmp_path / "lintnews.toml").write_text('[per-file-ignores]\n"*.txt" = ["ZZ9"]\n', encoding="utf-8")
    r = cli("check", "a.txt", cwd=tmp_path)
    assert r.returncode == 2 and b"ZZ9" in r.stderr and b"Traceback" not in r.stderr
    (tmp_path / "lintnews.toml").write_text('per-file-ignores = ["QT002"]\n', encoding="utf-8")
    r = cli("check", "a.txt", cwd=tmp_path)
    assert r.returncode == 2 and b"per-file-ignores" in r.stderr and b"lintnews.toml" in r.stderr


@pytest.fixture
def cli():
    """In-process CLI: these tests run it dozens of times."""
    return run_cli
