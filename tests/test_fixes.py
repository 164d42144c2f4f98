"""Autofix as users rely on it: --diff writes nothing, --fix applies the safe part once and
reports what remains, unsafe fixes only on request, files keep their bytes, BOM and line
endings, and a file that cannot be written safely is left as it was with a clear error."""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from lintnews.config import Settings
from lintnews.document import Document
from lintnews.engine import Engine
from lintnews.fixes import Source, apply_edits, fix_paths, fix_source, select_edits, select_fixes
from lintnews.model import Applicability, Edit, Finding, Fix, Severity
from lintnews.packs import load_rules
from lintnews.runner import Linter

SEEDS = sorted(SAMPLES.glob("*.txt"))
BOM = b"\xef\xbb\xbf"
# A CRLF file with a BOM: a misoriented quote, a space before a closing quote, mojibake.
CRLF_DEFECTS = (
    "\ufeffTalks in Brussels\r\n\r\n"
    "“We are ready, “Fomin warned.\r\n"
    "“Security should be for everyone ”, said the diplomat.\r\n"
    "The alliance said \u00e2\u20ac\u0153NATO\u00e2\u20ac\u009d would respond, said Gru\u00c5\u00a1ko.\r\n"
).encode("utf-8")
CRLF_FIXED = (
    "\ufeffTalks in Brussels\r\n\r\n"
    "“We are ready,” Fomin warned.\r\n"
    "“Security should be for everyone”, said the diplomat.\r\n"
    "The alliance said “NATO” would respond, said Gruško.\r\n"
).encode("utf-8")


def _copy_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for seed in SEEDS:
        shutil.copy(seed, folder / seed.name)
    return folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _findings(cli, folder: Path) -> list[dict]:
    r = cli("check", "--format", "json", "--isolated", str(folder))
    assert r.returncode in (0, 1), r.stderr.decode()
    return json.loads(r.stdout)["findings"]


# -- the CLI on copies of the seed articles ------------------------------------------------------


def test_diff_shows_quote_and_spacing_repairs_and_writes_nothing(cli, tmp_path):
    folder = _copy_seeds(tmp_path)
    before = _snapshot(folder)
    r = cli("check", "--diff", "--isolated", str(folder))
    assert r.returncode == 1, r.stderr.decode()
    diff = r.stdout.decode()
    assert _snapshot(folder) == before
    # The misoriented quote of 000 and the space before a closing quote of 002, repaired.
    assert "-“Relations between Russia" in diff and "in Europe,” Fomin warned" in diff
    assert "should be for everyone ”, said" in diff and "+“NATO understands" in diff
    assert "should be for everyone”, said" in diff
    # A unified diff that `patch`-style tools read: headers and hunks per changed file.
    assert diff.count("--- a/") == diff.count("+++ b/") >= 3 and "@@ -" in diff
    # Only safe fixes: no deleted boilerplate line, no changed calque.
    assert "-Leave a Comment" not in diff and "-Luck for peace" not in diff
    assert "Would fix" in r.stderr.decode() and "--unsafe-fixes" in r.stderr.decode()


def test_fix_applies_safe_fixes_once_and_second_run_has_nothing_to_fix(cli, tmp_path):
    folder = _copy_seeds(tmp_path)
    before = _snapshot(folder)
    findings = _findings(cli, folder)
    safe = [f for f in findings if f["fix"] and f["fix"]["applicability"] == "safe"]
    unsafe = [f for f in findings if f["fix"] and f["fix"]["applicability"] == "unsafe"]
    assert safe and unsafe

    r = cli("check", "--fix", "--isolated", str(folder))
    out = r.stdout.decode()
    assert r.returncode == 1, r.stderr.decode()  # unsafe-fixable and unfixable findings remain
    assert f"Fixed {len(safe)} findings in {len({f['path'] for f in safe})} files." in out
    assert f"{len(unsafe)} more fixable with `--fix --unsafe-fixes`" in out
    assert " QT002 " not in out and " QT003 " not in out

    after = _snapshot(folder)
    for name, data in before.items():
        old_lines = data.decode().splitlines()
        new_lines = after[name].decode().splitlines()
        assert len(old_lines) == len(new_lines)  # safe fixes never add or delete a line
        fixed_lines = {f["line"] for f in safe if f["path"].endswith(name)}
        for n, (old, new) in enumerate(zip(old_lines, new_lines), 1):
            assert (old != new) == (n in fixed_lines), f"{name}:{n}"

    # The remaining report has honest positions: they point at the flagged text in the fixed files.
    for f in _findings(cli, folder):
        text = (folder / Path(f["path"]).name).read_text(encoding="utf-8")
        line = text.splitlines()[f["line"] - 1]
        assert text[f["offset"]] == line[f["column"] - 1]

    again = cli("check", "--fix", "--isolated", str(folder))
    assert "Fixed" not in again.stdout.decode()
    assert _snapshot(folder) == after
    diff = cli("check", "--diff", "--isolated", str(folder))
    assert diff.returncode == 0 and diff.stdout == b""


def test_unsafe_fixes_only_on_request(cli, tmp_path):
    folder = _copy_seeds(tmp_path)
    name = "002_15069ff290a583d3.txt"
    cli("check", "--fix", "--isolated", str(folder / name))
    assert "Luck for peace" in (folder / name).read_text(encoding="utf-8")
    # Only the calque, quote and boilerplate rules: SN004's case fix on "Meter" overlaps
    # CQ010's rewrite of "Meter container" and would take its place in this run.
    r = cli("check", "--fix", "--unsafe-fixes", "--isolated", "--select", "CQ,QT,BP", str(folder / name))
    text = (folder / name).read_text(encoding="utf-8")
    assert "A chance for peace" in text and "Luck for peace" not in text
    assert "engage “counter-containment” the bloc," in text  # CQ001 keeps "the"
    assert "Fixed" in r.stdout.decode()


def test_crlf_bom_and_mojibake_survive_fix(cli, tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(CRLF_DEFECTS)
    path.chmod(0o640)
    r = cli("check", "--fix", "--isolated", str(path))
    assert r.returncode == 0, r.stdout.decode() + r.stderr.decode()
    assert path.read_bytes() == CRLF_FIXED
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "Fixed 5 findings in 1 file." in r.stdout.decode()  # QT002, QT003, 3 x MJ001
    assert [p.name for p in tmp_path.iterdir()] == ["crlf.txt"]  # no temporary file left


def test_fix_on_stdin_writes_fixed_text_to_stdout(cli):
    r = cli("check", "--fix", "--isolated", "-", stdin=CRLF_DEFECTS)
    assert r.returncode == 0
    assert r.stdout == CRLF_FIXED
    assert "Fixed 5 findings" in r.stderr.decode()


def test_fix_through_a_symlink_keeps_the_link(cli, tmp_path):
    target = tmp_path / "real.txt"
    target.write_bytes(CRLF_DEFECTS)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    cli("check", "--fix", "--isolated", str(link))
    assert link.is_symlink() and target.read_bytes() == CRLF_FIXED


def test_overlapping_fixes_skip_one_which_stays_reported(cli, tmp_path):
    # Deleting the last line takes the line break before it, which the deletion of the line
    # above also takes: one is applied, the other stays reported and goes on the next run.
    path = tmp_path / "tail.txt"
    path.write_text("The talks ended.\nShare your love\nLeave a Reply", encoding="utf-8")
    r = cli("check", "--fix", "--unsafe-fixes", "--isolated", str(path))
    assert path.read_text(encoding="utf-8") == "The talks ended.\nLeave a Reply"
    assert "Fixed 1 finding in 1 file." in r.stdout.decode()
    assert "tail.txt:2:1: BP003" in r.stdout.decode() and r.returncode == 1
    r = cli("check", "--fix", "--unsafe-fixes", "--isolated", str(path))
    assert path.read_text(encoding="utf-8") == "The talks ended." and r.returncode == 0


# -- files that cannot be written safely ----------------------------------------------------------


def test_read_only_file_is_left_alone(cli, tmp_path):
    path = tmp_path / "ro.txt"
    path.write_bytes(CRLF_DEFECTS)
    path.chmod(0o444)
    r = cli("check", "--fix", "--isolated", str(path))
    assert r.returncode == 2
    assert f"{path}: is read-only; not fixed" in r.stderr.decode()
    assert b"Traceback" not in r.stderr
    assert path.read_bytes() == CRLF_DEFECTS and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert "QT002" in r.stdout.decode()  # the findings are still reported


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_reported(cli, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "a.txt"
    path.write_bytes(CRLF_DEFECTS)
    folder.chmod(0o555)
    try:
        r = cli("check", "--fix", "--isolated", str(path))
    finally:
        folder.chmod(0o755)
    assert r.returncode == 2 and "permission denied" in r.stderr.decode()
    assert path.read_bytes() == CRLF_DEFECTS and os.listdir(folder) == ["a.txt"]


def _linter() -> Linter:
    return Linter.from_settings(Settings())


def _fix_one(path: Path):
    return fix_paths(_linter(), [str(path)])


def test_folder_refusing_temporary_file_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(CRLF_DEFECTS)

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    run = _fix_one(path)
    assert [e.message for e in run.report.errors] == [
        "cannot be written: permission denied (the file or its folder cannot be written); the file is unchanged"
    ]
    assert path.read_bytes() == CRLF_DEFECTS and not run.report.fixed


def test_full_disk_while_writing_leaves_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_bytes(CRLF_DEFECTS)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    run = _fix_one(path)
    assert run.report.errors[0].path == str(path)
    assert "no space left on the device; the file is unchanged" in run.report.errors[0].message
    assert path.read_bytes() == CRLF_DEFECTS and os.listdir(tmp_path) == ["a.txt"]
    # The report shows the findings of the file as it still is.
    assert {f.code for f in run.report.findings} >= {"QT002", "QT003", "MJ001"}


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    return r.returncode == 0


def test_full_disk_for_real(cli, tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if not _mount_tmpfs(disk, "64k"):
        pytest.skip("cannot mount a small tmpfs here (needs root and mount)")
    try:
        path = disk / "a.txt"
        path.write_bytes(CRLF_DEFECTS)
        try:
            with open(disk / "filler", "wb") as fh:
                while True:
                    fh.write(b"x" * 1024)
                    fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        r = cli("check", "--fix", "--isolated", str(path))
        assert r.returncode == 2, r.stderr.decode()
        assert "no space left on the device; the file is unchanged" in r.stderr.decode()
        assert path.read_bytes() == CRLF_DEFECTS
        assert sorted(os.listdir(disk)) == ["a.txt", "filler"]
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_file_changed_on_disk_after_reading_is_not_overwritten(tmp_path, monkeypatch):
    import lintnews.fixes as fixes

    path = tmp_path / "a.txt"
    path.write_bytes(CRLF_DEFECTS)
    edited = CRLF_DEFECTS + "An editor added this line.\r\n".encode()
    real = fixes.fix_source

    def meanwhile(*args, **kwargs):  # another editor saves the file between read and write
        out = real(*args, **kwargs)
        path.write_bytes(edited)
        return out

    monkeypatch.setattr(fixes, "fix_source", meanwhile)
    run = _fix_one(path)
    assert [e.message for e in run.report.errors] == ["changed on disk after it was read; not fixed (run lintnews again)"]
    assert path.read_bytes() == edited and not run.report.fixed


# -- choosing edits ------------------------------------------------------------------------------


def _finding(code, edits, safe=True, suggestions=None):
    edits = tuple(edits)
    return Finding(
        path="x.txt", code=code, name=code.lower(), severity=Severity.WARNING, message="m",
        line=1, column=1, end_line=1, end_column=1,
        offset=edits[0].offset, end_offset=edits[0].end_offset,
        suggestions=tuple(suggestions if suggestions is not None else [e.content for e in edits[:1]]),
        fix=Fix(Applicability.SAFE if safe else Applicability.UNSAFE, edits),
    )


def test_select_fixes_is_deterministic_and_all_or_nothing():
    a = _finding("QT002", [Edit(4, 6, "X")])
    b = _finding("QT003", [Edit(5, 7, "Y"), Edit(20, 21, "Z")])  # overlaps a: none of b applies
    c = _finding("MJ001", [Edit(4, 6, "X")])  # the same edit as a: both are fixed by it
    d = _finding("CQ001", [Edit(10, 12, "W")], safe=False)
    for order in ([a, b, c, d], [d, c, b, a], [b, d, a, c]):
        applied, skipped = select_fixes(order)
        assert [f.code for f in applied] == ["MJ001", "QT002"] and skipped == [b]
    applied, _ = select_fixes([a, b, d], unsafe=True)
    assert [f.code for f in applied] == ["QT002", "CQ001"]


def test_finding_with_several_candidates_is_never_applied():
    many = _finding("CQ010", [Edit(0, 3, "one")], suggestions=["one", "two"])
    assert select_fixes([many], unsafe=True) == ([], [])


def test_rule_with_several_candidates_is_not_applied_from_the_cli(tmp_path):
    rules = tmp_path / "rules" / "test"
    rules.mkdir(parents=True)
    (rules / "CQ900-two-ways.yaml").write_text(
        """code: CQ900
name: two-ways
kind: substitution
family: calques
summary: s
description: d
message: "{text}: use {replace}"
severity: warning
fix: unsafe
fix_rationale: words
entries:
  - match: de-stress tensions
    replace: [de-escalate tensions, ease tensions]
  - match: Luck for peace
    replace: A chance for peace
examples:
  - bad: "<marker>Luck for peace</marker>"
  - good: "A chance for peace"
""",
        encoding="utf-8",
    )
    path = tmp_path / "a.txt"
    path.write_text("They want to de-stress tensions.\nLuck for peace\n", encoding="utf-8")
    linter = Linter.from_settings(Settings(), rule_dirs=[tmp_path / "rules"])
    run = fix_paths(linter, [str(path)], unsafe=True)
    assert path.read_text(encoding="utf-8") == "They want to de-stress tensions.\nA chance for peace\n"
    assert [f.suggestions for f in run.report.findings] == [("de-escalate tensions", "ease tensions")]


def test_insertions_at_one_point_conflict_and_apply_edits_checks_bounds():
    kept, skipped = select_edits([Edit(3, 3, "b"), Edit(3, 3, "a"), Edit(3, 5, "c")])
    assert kept == [Edit(3, 3, "a"), Edit(3, 5, "c")] and skipped == [Edit(3, 3, "b")]
    assert apply_edits("0123456", [Edit(3, 3, "b"), Edit(3, 5, "c"), Edit(3, 3, "a")]) == ("012ac56", [Edit(3, 3, "b")])
    with pytest.raises(ValueError):
        apply_edits("abc", [Edit(2, 9, "")])


# -- fix safety policy ---------------------------------------------------------------------------

# Issue 6: a fix that cannot change meaning is safe; one that changes words, names or deletes
# lines is unsafe.
POLICY = {"quotes": "safe", "encoding": "safe", "calques": "unsafe", "names": "unsafe", "boilerplate": "unsafe"}


def test_declared_fix_safety_follows_the_policy(cli):
    for rule in load_rules():
        m = rule.meta
        if m.fix is Applicability.NONE:
            continue
        assert m.fix_rationale, f"{m.code}: a rule with a fix explains its safety"
        if m.family in POLICY:
            assert m.fix.value == POLICY[m.family], f"{m.code} ({m.family}) declares a {m.fix.value} fix"
        if m.kind == "existence" and rule.checker.delete_line:
            assert m.fix is Applicability.UNSAFE, f"{m.code} deletes lines"
    r = cli("explain", "QT002")
    assert "Fix: safe. The mark is turned" in r.stdout.decode()


# -- properties over generated text ------------------------------------------------------------

ENGINE_RULES = load_rules()
FRAGMENTS = [
    "NATO", "Russia", "said", "the", "diplomat", "Grushko", "Gruško", "Kiev", "Kyiv", "block", "bloc",
    "Luck for peace", "de-stress tensions", "Share your love", "Leave a Reply", " ", " ", " ", ",", ".",
    "“", "”", '"', " ”", "“ ", "\n", "\n\n", "â€œ", "â€\x9d", "Å¡", "Ã©", "’", "–", "Müller", "日本",
]


def _engine_findings(doc: Document):
    engine = Engine(ENGINE_RULES)
    found, _ = engine.check(doc)
    return found + engine.finish()


@st.composite
def articles(draw):
    body = "".join(draw(st.lists(st.sampled_from(FRAGMENTS), max_size=60)))
    crlf = draw(st.booleans())
    bom = draw(st.booleans())
    if crlf:
        body = body.replace("\n", "\r\n")
    return (BOM if bom else b"") + body.encode("utf-8")


def _lint_bytes(data: bytes):
    text = data.decode("utf-8-sig")
    doc = Document("gen.txt", text, bom=data.startswith(BOM))
    return doc, _engine_findings(doc)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles(), st.booleans())
def test_fixes_touch_only_their_spans_and_are_idempotent(data, unsafe):
    doc, findings = _lint_bytes(data)
    fix = fix_source(Source("gen.txt", data), doc.raw, findings, unsafe)
    after = fix.after
    if data.startswith(BOM):
        assert after.startswith(BOM)
    # Outside the applied edits, the text is the same, piece by piece.
    edits = sorted({e for f in fix.applied for e in f.fix.edits})
    old, new = doc.raw, after.decode("utf-8-sig")
    pos, shift = 0, 0
    for e in edits:
        assert new[pos + shift : e.offset + shift] == old[pos : e.offset]
        assert new[e.offset + shift : e.offset + shift + len(e.content)] == e.content
        shift += len(e.content) - (e.end_offset - e.offset)
        pos = e.end_offset
    assert new[pos + shift :] == old[pos:]
    # Line endings are kept: a CRLF file gains no bare LF.
    if b"\r\n" in data and b"\n" in after:
        assert after.count(b"\n") == after.count(b"\r\n")
    # Fixing again changes nothing (skipped overlaps aside), with one exception: a fix that
    # makes new quote marks, by repairing mojibake (“â€œ becomes ““) or converting straight
    # quotes (“ " becomes “ ”), can reveal a defect of another kind, which the next run checks.
    # Deleting or rewording text can likewise expose a defect of another kind (a quote fix
    # can make a line look like a run-together menu), so full idempotency is asserted for safe
    # fixes. No fix other than a mojibake repair brings back a defect of its own kind.
    first = {f.code for f in fix.applied}
    if not fix.skipped and "MJ001" not in first:
        doc2, findings2 = _lint_bytes(after)
        again = fix_source(Source("gen.txt", after), doc2.raw, findings2, unsafe)
        assert not first & {f.code for f in again.applied}, (after, [f.code for f in again.applied])
        if not unsafe and "QT001" not in first:
            assert again.after == after, (after, [f.code for f in again.applied])
