"""SARIF 2.1.0, the format GitHub code scanning ingests: one run, the rules that ran as
``tool.driver.rules``, one result per finding with its region, fixes as replacements and
``partialFingerprints`` that survive lines moving (the baseline's fingerprints).

Columns and character offsets count Unicode code points (``columnKind`` says so), as the
JSON report does."""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from urllib.parse import quote

from lintnews import __version__
from lintnews.baseline import fingerprints
from lintnews.model import Report, RuleMeta, Severity

NEEDS_SOURCE = True
SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/lintnews/"
FINGERPRINT_KEY = "lintnews/v1"

LEVELS = {Severity.INFO: "note", Severity.WARNING: "warning", Severity.ERROR: "error"}


def artifact_location(path: str) -> dict:
    if path == "-":
        return {"uri": "stdin"}
    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return {"uri": "file://" + quote(posix)}
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": quote(posix), "uriBaseId": "%SRCROOT%"}


def rule_descriptor(meta: RuleMeta) -> dict:
    help_text = meta.description.strip() or meta.summary
    fix = "none (reported only)" if meta.fix.value == "none" else f"{meta.fix.value}. {meta.fix_rationale}".strip()
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": meta.summary},
        "fullDescription": {"text": help_text},
        "help": {
            "text": f"{help_text}\n\nFix: {fix}\nMore: lintnews explain {meta.code}",
            "markdown": f"**{meta.code} {meta.name}**: {meta.summary}\n\n{help_text}\n\n"
            f"Fix: {fix}\n\nRun `lintnews explain {meta.code}` for examples.",
        },
        "defaultConfiguration": {"level": LEVELS[meta.severity]},
        "properties": {"tags": [meta.family, f"fix:{meta.fix.value}"]},
    }


def sarif_dict(report: Report) -> dict:
    codes = sorted(set(report.rules) | {f.code for f in report.findings})
    index = {code: i for i, code in enumerate(codes)}
    rules = []
    for code in codes:
        meta = report.rules.get(code)
        if meta is None:
            rules.append({"id": code})
        else:
            rules.append(rule_descriptor(meta))
    fps = fingerprints(report.findings, report.sources)
    results = []
    for f, fp in zip(report.findings, fps):
        region = {
            "startLine": f.line,
            "startColumn": f.column,
            "endLine": f.end_line,
            "endColumn": f.end_column,
            "charOffset": f.offset,
            "charLength": f.end_offset - f.offset,
        }
        text = report.sources.get(f.path)
        if text is not None and f.end_offset <= len(text) and f.end_offset > f.offset:
            region["snippet"] = {"text": text[f.offset : f.end_offset]}
        result = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": LEVELS[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {"artifactLocation": artifact_location(f.path), "region": region}}],
            "partialFingerprints": {FINGERPRINT_KEY: fp},
        }
        if f.fix is not None and f.fix.edits:
            result["fixes"] = [
                {
                    "description": {"text": f"{f.fix.applicability.value} fix" + (f": {f.suggestions[0]!r}" if f.suggestions else "")},
                    "artifactChanges": [
                        {
                            "artifactLocation": artifact_location(f.path),
                            "replacements": [
                                {
                                    "deletedRegion": {"charOffset": e.offset, "charLength": e.end_offset - e.offset},
                                    "insertedContent": {"text": e.content},
                                }
                                for e in f.fix.edits
                            ],
                        }
                    ],
                    "properties": {"applicability": f.fix.applicability.value},
                }
            ]
        if f.suggestions:
            result["properties"] = {"suggestions": list(f.suggestions)}
        results.append(result)
    notifications = [
        {"level": "error", "message": {"text": f"{e.path}: {e.message}"}, "descriptor": {"id": "input-error"}}
        for e in report.errors
    ] + [
        {"level": "note", "message": {"text": f"skipped {s.check}: {s.reason}"}, "descriptor": {"id": "skipped-check"}}
        for s in report.skipped
    ]
    invocation = {"executionSuccessful": not report.errors}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = {
        "tool": {
            "driver": {
                "name": "lintnews",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The folder lintnews was run from."}}},
        "artifacts": [{"location": artifact_location(p)} for p in report.files],
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report) -> str:
    return json.dumps(sarif_dict(report), ensure_ascii=False, indent=1) + "\n"
