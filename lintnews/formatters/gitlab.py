"""GitLab Code Quality report (a JSON array of Code Climate issues): ``description``,
``check_name``, ``fingerprint``, ``severity`` and ``location.path``/``location.lines.begin``,
the fields GitLab reads to annotate merge requests."""

from __future__ import annotations

import json

from lintnews.baseline import fingerprints
from lintnews.model import Report, Severity

NEEDS_SOURCE = True
SEVERITIES = {Severity.INFO: "info", Severity.WARNING: "minor", Severity.ERROR: "major"}


def render(report: Report) -> str:
    issues = []
    for f, fp in zip(report.findings, fingerprints(report.findings, report.sources)):
        issues.append(
            {
                "type": "issue",
                "check_name": f.code,
                "description": f"{f.code} ({f.name}): {f.message}",
                "categories": ["Style"],
                "severity": SEVERITIES[f.severity],
                "fingerprint": fp,
                "location": {
                    "path": f.path,
                    "lines": {"begin": f.line, "end": f.end_line},
                },
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=1) + "\n"
