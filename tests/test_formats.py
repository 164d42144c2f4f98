"""Every output format, produced from the same run, read back by a real parser or validated
against its schema. The SARIF schema in tests/data is the official OASIS SARIF 2.1.0
(Errata 01) schema, unmodified (see /work/shared/schemas/README.md for its provenance)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest
from markdown_it import MarkdownIt

from conftest import ROOT, SAMPLES
from lintnews.config import Settings
from lintnews.formatters import FORMATS, get
from lintnews.model import Finding, Report, Severity
from lintnews.runner import Linter

SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

# A file whose path and text need escaping in every format: a comma, a colon, a percent sign,
# a space, an ampersand, a control character in the flagged text.
TRICKY_PATH = "odd dir/a,b: 100% & <c>.txt"
TRICKY_TEXT = "He said “yes“ twice.\r\nThe report | said “no“ again.\r\nBad byte \x1b[31mhere.\r\n"


def _report(texts=None) -> Report:
    linter = Linter.from_settings(Settings())
    linter.keep_sources = True
    if texts is None:
        texts = [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.txt"))]
        texts.append((TRICKY_PATH, TRICKY_TEXT))
    return linter.lint_texts(texts)


@pytest.fixture(scope="module")
def report() -> Report:
    r = _report()
    assert len(r.findings) > 30 and any(f.path == TRICKY_PATH for f in r.findings)
    return r


@pytest.fixture(scope="module")
def rendered(report):
    return {name: get(name).render(report) for name in FORMATS}


def test_every_format_is_deterministic(rendered):
    again = _report()
    for name, out in rendered.items():
        assert get(name).render(again) == out, name


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_from_the_cli(tmp_path, fmt):
    from _inprocess import run_cli as cli

    out = tmp_path / "report.out"
    r = cli("check", "--format", fmt, "--output-file", str(out), "samples/000_4baff23b42c810e8.txt")
    assert r.returncode == 1, r.stderr.decode()
    assert b"Traceback" not in r.stderr and r.stdout == b""
    assert out.read_text(encoding="utf-8").strip()


def test_sarif_is_valid_and_complete(report, rendered):
    data = json.loads(rendered["sarif"])
    jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA).validate(data)
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(report.findings)
    assert {r["id"] for r in rules} >= {f.code for f in report.findings}
    for rule in rules:
        assert rule["name"] and rule["help"]["text"] and rule["shortDescription"]["text"]
    fixable = 0
    for res, f in zip(run["results"], report.findings):
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"] == f.code
        region = res["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"], region["charOffset"]) == (f.line, f.column, f.offset)
        assert res["partialFingerprints"]["lintnews/v1"]
        if f.fix is not None:
            fixable += 1
            rep = res["fixes"][0]["artifactChanges"][0]["replacements"]
            assert [(x["deletedRegion"]["charOffset"], x["insertedContent"]["text"]) for x in rep] == [
                (e.offset, e.content) for e in f.fix.edits
            ]
    assert fixable > 10
    fps = [res["partialFingerprints"]["lintnews/v1"] for res in run["results"]]
    assert len(set(fps)) == len(fps)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert "odd%20dir/a%2Cb%3A%20100%25%20%26%20%3Cc%3E.txt" in uris


def test_sarif_fingerprints_survive_lines_moving():
    text = (SAMPLES / "000_4baff23b42c810e8.txt").read_text(encoding="utf-8")
    before = json.loads(get("sarif").render(_report([("a.txt", text)])))["runs"][0]["results"]
    moved = "A new first paragraph.\n\nAnother one.\n\n" + text
    after = json.loads(get("sarif").render(_report([("a.txt", moved)])))["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == [
        r["locations"][0]["physicalLocation"]["region"]["startLine"] + 4 for r in before
    ]
    assert [r["partialFingerprints"] for r in after] == [r["partialFingerprints"] for r in before]


def test_sarif_from_a_real_process(cli, tmp_path):
    out = tmp_path / "lintnews.sarif"
    r = cli("check", "--format", "sarif", "-o", str(out), "samples/")
    assert r.returncode == 1 and b"Traceback" not in r.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA).validate(data)
    assert data["runs"][0]["results"]


def test_sarif_reports_unreadable_inputs(tmp_path):
    from _inprocess import run_cli as cli

    r = cli("check", "--format", "sarif", str(tmp_path / "missing.txt"))
    assert r.returncode == 2
    data = json.loads(r.stdout)
    jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA).validate(data)
    inv = data["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert "missing.txt" in inv["toolExecutionNotifications"][0]["message"]["text"]


_COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def _unescape(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def _parse_github(out: str) -> list[tuple[str, dict, str]]:
    parsed = []
    for line in out.splitlines():
        m = _COMMAND.match(line)
        assert m, line
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        parsed.append((m.group(1), {k: _unescape(v) for k, v in props.items()}, _unescape(m.group(3))))
    return parsed


def test_github_annotations_round_trip(report, rendered):
    parsed = _parse_github(rendered["github"])
    assert len(parsed) == len(report.findings)
    for (level, props, message), f in zip(parsed, report.findings):
        assert level == {"info": "notice", "warning": "warning", "error": "error"}[str(f.severity)]
        assert props["file"] == f.path
        assert (int(props["line"]), int(props["col"]), int(props["endLine"]), int(props["endColumn"])) == (
            f.line, f.column, f.end_line, f.end_column,
        )
        assert props["title"].startswith(f.code)
        assert message.startswith(f.message)


def test_github_escapes_every_special_character():
    f = Finding("x,y:z%.txt", "QT002", "misoriented-quote", Severity.ERROR, "100% sure:\r\nsecond, line", 1, 1, 1, 2, 0, 1)
    out = get("github").render(Report(files=[f.path], findings=[f]))
    assert out.count("\n") == 1 and "\r" not in out
    [(level, props, message)] = _parse_github(out)
    assert level == "error" and props["file"] == "x,y:z%.txt" and message == "100% sure:\r\nsecond, line"


GITLAB_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string"},
                    "lines": {"type": "object", "required": ["begin"], "properties": {"begin": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}


def test_gitlab_code_quality(report, rendered):
    data = json.loads(rendered["gitlab"])
    jsonschema.Draft7Validator(GITLAB_SCHEMA).validate(data)
    assert [(d["check_name"], d["location"]["path"], d["location"]["lines"]["begin"]) for d in data] == [
        (f.code, f.path, f.line) for f in report.findings
    ]
    assert len({d["fingerprint"] for d in data}) == len(data)


def test_junit_parses(report, rendered):
    root = ET.fromstring(rendered["junit"])
    assert root.tag == "testsuites"
    failures = root.findall("./testsuite/testcase/failure")
    assert len(failures) == len(report.findings) == int(root.get("failures"))
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == set(report.files)
    tricky = suites[TRICKY_PATH]
    assert int(tricky.get("failures")) == sum(1 for f in report.findings if f.path == TRICKY_PATH)
    messages = [x.get("message") for x in tricky.iter("failure")]
    assert [f.message.replace("\x1b", "\\x1b") for f in report.findings if f.path == TRICKY_PATH] == messages


def test_junit_counts_clean_files_as_passing(cli):
    r = cli("check", "--format", "junit", "samples/clean")
    assert r.returncode == 0
    root = ET.fromstring(r.stdout)
    assert root.get("failures") == "0" and int(root.get("tests")) >= 3
    assert all(s.find("testcase") is not None for s in root.findall("testsuite"))


def test_checkstyle_parses(report, rendered):
    root = ET.fromstring(rendered["checkstyle"])
    errors = [(fe.get("name"), int(e.get("line")), int(e.get("column")), e.get("source").split(".")[1])
              for fe in root.findall("file") for e in fe.findall("error")]
    assert errors == [(f.path, f.line, f.column, f.code) for f in report.findings]
    assert {e.get("severity") for e in root.iter("error")} <= {"info", "warning", "error"}


def _tables(markdown: str) -> list[list[list[str]]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables, rows, row, in_cell = [], None, None, False
    for t in tokens:
        if t.type == "table_open":
            rows = []
        elif t.type == "tr_open":
            row = []
        elif t.type in ("th_open", "td_open"):
            row.append("")
            in_cell = True
        elif t.type in ("th_close", "td_close"):
            in_cell = False
        elif t.type == "inline" and in_cell:
            row[-1] = "".join(c.content for c in t.children if c.type in ("text", "code_inline"))
        elif t.type == "tr_close":
            rows.append(row)
        elif t.type == "table_close":
            tables.append(rows)
    return tables


def test_markdown_tables(report, rendered):
    summary, detail = _tables(rendered["markdown"])
    counts = {row[0]: int(row[3]) for row in summary[1:]}
    assert sum(counts.values()) == len(report.findings)
    assert counts == {code: sum(1 for f in report.findings if f.code == code) for code in counts}
    assert len(detail) - 1 == len(report.findings)
    assert all(len(row) == 5 for row in detail)
    # Pipes, underscores and angle brackets stay literal, inside their own cell.
    assert [row[0] for row in detail[1:]] == [f.path for f in report.findings]


def test_json_lines_match_the_json_report(report, rendered):
    lines = [json.loads(x) for x in rendered["json-lines"].splitlines()]
    assert lines == json.loads(rendered["json"])["findings"]


def test_full_shows_the_line_and_a_caret_under_the_span(report, rendered):
    blocks = rendered["full"].split("\n\n")
    text = {p: report.sources[p] for p in report.sources}
    checked = 0
    for f, block in zip(report.findings, blocks):
        lines = block.splitlines()
        assert lines[0].startswith(f"{f.path}:{f.line}:{f.column}: {f.code}")
        src = next(x for x in lines if x.startswith(f"{f.line} | "))
        caret = lines[lines.index(src) + 1]
        shown = src.split(" | ", 1)[1]
        start, width = caret.split(" | ", 1)[1].index("^"), caret.count("^")
        flagged = text[f.path][f.offset : f.end_offset].replace("\x1b", "\\x1b")
        if "\n" not in flagged:
            assert shown[start : start + width] == flagged
            checked += 1
        if f.fix is not None:
            preview = [x.split("+ ", 1)[1] for x in lines if x.lstrip().startswith("+ ")]
            if preview:  # the line as the fix leaves it
                for e in f.fix.edits:
                    assert e.content.replace("\n", "") in preview[0]
            else:  # a fix beyond the line is described
                assert any(" fix: replace " in x for x in lines), block
    assert checked > 30


def test_grouped_lists_findings_under_their_file(report, rendered):
    current, seen = None, []
    for line in rendered["grouped"].splitlines():
        if line and not line.startswith(" ") and line.endswith(":") and not line.startswith("Found"):
            current = line[:-1]
        elif line.startswith("  ") and current:
            pos, code = line.split()[:2]
            seen.append((current, *map(int, pos.split(":")), code))
    assert seen == [(f.path, f.line, f.column, f.code) for f in report.findings]


def test_statistics():
    from _inprocess import run_cli as cli

    r = cli("check", "--statistics", "--format", "json", "samples/")
    data = json.loads(r.stdout)
    full = json.loads(cli("check", "--format", "json", "samples/").stdout)
    assert sum(d["count"] for d in data) == len(full["findings"]) and r.returncode == 1
    assert {d["code"]: d["count"] for d in data} == {
        c: sum(1 for f in full["findings"] if f["code"] == c) for c in {f["code"] for f in full["findings"]}
    }
    text = cli("check", "--statistics", "samples/").stdout.decode()
    assert f"{len(full['findings'])}  findings in total" in text


def test_json_puts_one_finding_per_line():
    from lintnews.formatters.json_format import report_dict

    report = _report([("a.txt", "He said “yes“ [sic] twice.\nThe the cat sat.\n"), ("b.txt", "Fine text here.\n")])
    out = get("json").render(report)
    assert json.loads(out) == report_dict(report)
    lines = out.splitlines()
    findings = [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith('  {"path"') and '"code"' in line]
    assert findings == report_dict(report)["findings"] and len(findings) >= 1
    assert lines[0] == "{" and lines[-1] == "}"
