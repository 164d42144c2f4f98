"""The command line as users and CI run it: contracts for JSON output and exit codes,
selection, config, and bad input that must never produce a traceback."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT

SEED = "samples/000_4baff23b42c810e8.txt"


def _json(result):
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return json.loads(result.stdout)


def test_json_contract_on_a_seed(cli):
    r = cli("check", "--format", "json", SEED)
    assert r.returncode == 1
    data = _json(r)
    assert set(data) == {"version", "files", "findings", "documents", "skipped"}
    assert data["version"] == 1 and data["files"] == [SEED]
    text = (ROOT / SEED).read_text(encoding="utf-8")
    keys = {"path", "code", "name", "severity", "message", "line", "column", "end_line", "end_column",
            "offset", "end_offset", "suggestions", "fix"}
    for f in data["findings"]:
        assert keys <= set(f)
        assert f["end_offset"] > f["offset"]
        line = text.splitlines()[f["line"] - 1]
        assert text[f["offset"]] == line[f["column"] - 1]
        if f["fix"] is not None:
            assert f["fix"]["applicability"] in ("safe", "unsafe")
    order = [(f["path"], f["offset"], f["code"]) for f in data["findings"]]
    assert order == sorted(order)
    misoriented = [f for f in data["findings"] if f["code"] == "QT002"]
    assert misoriented[0]["name"] == "misoriented-quote"
    assert misoriented[0]["fix"]["edits"][0]["content"] == "” "
    assert [d["path"] for d in data["documents"]] == [SEED]


def test_json_is_byte_identical_across_runs(cli):
    a = cli("check", "--format", "json", "samples/")
    b = cli("check", "--format", "json", "samples/")
    assert a.stdout == b.stdout and a.returncode == b.returncode == 1


def test_stdin(cli):
    r = cli("check", "-", stdin="He said “yes“ twice.\n".encode())
    assert r.returncode == 1
    out = r.stdout.decode()
    assert out.startswith("-:1:13: QT002")


def test_clean_input_exits_zero(cli):
    r = cli("check", "samples/clean")
    assert r.returncode == 0, r.stdout
    assert "All checks passed" in r.stdout.decode()


def test_select_and_ignore_by_prefix(cli):
    data = _json(cli("check", "--format", "json", "--select", "QT", SEED))
    assert data["findings"] and {f["code"][:2] for f in data["findings"]} == {"QT"}
    data = _json(cli("check", "--format", "json", "--select", "QT", "--ignore", "QT002", SEED))
    assert "QT002" not in {f["code"] for f in data["findings"]}
    data = _json(cli("check", "--format", "json", "--select", "misoriented-quote", SEED))
    assert {f["code"] for f in data["findings"]} == {"QT002"}


def test_unknown_selector_is_a_usage_error(cli):
    r = cli("check", "--select", "ZZ9", SEED)
    assert r.returncode == 2 and b"ZZ9" in r.stderr and b"Traceback" not in r.stderr


def test_fail_on_and_exit_zero(cli):
    assert cli("check", "--select", "QT001", "--fail-on", "warning", str(ROOT / "tests/data/mixed.txt")).returncode == 0
    assert cli("check", "--select", "QT001", str(ROOT / "tests/data/mixed.txt")).returncode == 1
    assert cli("check", "--exit-zero", SEED).returncode == 0


def test_rules_and_explain(cli):
    r = cli("rules")
    assert r.returncode == 0
    out = r.stdout.decode()
    for code in ("QT002", "BP001", "CQ010", "MJ001", "NM001"):
        assert code in out
    rows = json.loads(cli("rules", "--format", "json").stdout)
    assert {"code", "name", "family", "fix"} <= set(rows[0])
    r = cli("explain", "QT002")
    assert r.returncode == 0
    text = r.stdout.decode()
    assert "misoriented-quote" in text and "Fix: safe" in text and "Examples:" in text
    assert cli("explain", "misoriented-quote").stdout == r.stdout
    bad = cli("explain", "XX999")
    assert bad.returncode == 2 and b"XX999" in bad.stderr


def test_version(cli):
    from lintnews import __version__

    r = cli("--version")
    assert r.returncode == 0 and r.stdout.decode().strip() == f"lintnews {__version__}"


def test_bad_inputs_are_reported_and_others_still_linted(cli, tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Gru\xe9ko said.\n".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("He said “yes“ twice.\n", encoding="utf-8")
    r = cli("check", "--format", "json", str(tmp_path), str(tmp_path / "missing.txt"))
    assert r.returncode == 2
    data = _json(r)
    err = r.stderr.decode()
    assert "latin1.txt: not valid UTF-8: byte 0xe9 at offset 3 (line 1)" in err
    assert "binary.txt: looks like a binary file" in err
    assert "missing.txt: no such file or directory" in err
    assert {Path(p).name for p in data["files"]} == {"empty.txt", "good.txt"}
    assert [f["code"] for f in data["findings"]] == ["QT002"]
    assert {Path(e["path"]).name for e in data["errors"]} == {"latin1.txt", "binary.txt", "missing.txt"}


def test_unreadable_file(cli, tmp_path):
    import os

    p = tmp_path / "secret.txt"
    p.write_text("text\n")
    p.chmod(0)
    try:
        if os.access(p, os.R_OK):  # root reads anything
            return
        r = cli("check", str(p))
        assert r.returncode == 2 and b"permission denied" in r.stderr
    finally:
        p.chmod(0o644)


def test_directory_without_text_files_warns(cli, tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    r = cli("check", str(tmp_path))
    assert r.returncode == 0
    assert b"no files matching *.txt, *.md" in r.stderr


def test_crlf_and_bom_positions(cli, tmp_path):
    body = "First line.\r\nHe said “yes“ twice.\r\n"
    p = tmp_path / "crlf.txt"
    p.write_bytes(b"\xef\xbb\xbf" + body.encode())
    data = _json(cli("check", "--format", "json", str(p)))
    (f,) = data["findings"]
    assert (f["line"], f["column"]) == (2, 13)
    # Offsets are into the decoded text (BOM removed, CRLF kept).
    assert body[f["offset"]] == "“" and f["offset"] == body.index("yes“") + 3


def test_config_discovery_and_unknown_key(cli, tmp_path):
    (tmp_path / "a.txt").write_text("He said “yes“ twice.\n")
    (tmp_path / "pyproject.toml").write_text('[tool.lintnews]\nignore = ["QT002"]\n')
    sub = tmp_path / "sub"
    sub.mkdir()
    r = cli("check", str(tmp_path / "a.txt"), cwd=sub)
    assert r.returncode == 0, r.stdout
    (tmp_path / "lintnews.toml").write_text('select = ["QT"]\nseverity = { QT002 = "error" }\n')
    data = _json(cli("check", "--format", "json", str(tmp_path / "a.txt"), cwd=sub))
    assert [(f["code"], f["severity"]) for f in data["findings"]] == [("QT002", "error")]
    (tmp_path / "lintnews.toml").write_text('selekt = ["QT"]\n')
    r = cli("check", str(tmp_path / "a.txt"), cwd=sub)
    assert r.returncode == 2
    assert b"unknown key 'selekt'" in r.stderr and b"lintnews.toml" in r.stderr
    assert cli("check", "--isolated", str(tmp_path / "a.txt"), cwd=sub).returncode == 1


def test_include_and_exclude_globs(cli, tmp_path):
    (tmp_path / "a.txt").write_text("He said “yes“ twice.\n")
    (tmp_path / "b.rst").write_text("He said “yes“ twice.\n")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "c.txt").write_text("He said “yes“ twice.\n")
    (tmp_path / "lintnews.toml").write_text('include = ["*.txt", "*.rst"]\nexclude = ["drafts"]\n')
    data = _json(cli("check", "--format", "json", "."  , cwd=tmp_path))
    assert sorted(Path(p).name for p in data["files"]) == ["a.txt", "b.rst"]


def test_output_file(cli, tmp_path):
    out = tmp_path / "report.json"
    r = cli("check", "--format", "json", "--output-file", str(out), SEED)
    assert r.returncode == 1 and r.stdout == b""
    assert json.loads(out.read_text())["files"] == [SEED]
    import os

    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # a new report is not private to its owner


def test_rules_rejects_report_only_formats(cli):
    r = cli("rules", "--format", "html")
    assert r.returncode == 2 and b"text or json" in r.stderr and b"Traceback" not in r.stderr
