"""Checkstyle XML, read by Jenkins' warnings plugin, reviewdog and many code-review tools."""

from __future__ import annotations

from itertools import groupby

from lintnews.formatters._xml import element, serialise
from lintnews.model import Report

SEVERITIES = {1: "info", 2: "warning", 3: "error"}


def render(report: Report) -> str:
    root = element("checkstyle", {"version": "4.3"})
    by_path = {path: list(group) for path, group in groupby(report.findings, key=lambda f: f.path)}
    errors = {e.path: e for e in report.errors}
    for path in sorted(set(report.files) | set(by_path) | set(errors)):
        file_el = element("file", {"name": path})
        for f in by_path.get(path, []):
            file_el.append(
                element(
                    "error",
                    {
                        "line": f.line,
                        "column": f.column,
                        "severity": SEVERITIES[int(f.severity)],
                        "message": f"{f.message} ({f.code})",
                        "source": f"lintnews.{f.code}.{f.name}",
                    },
                )
            )
        if path in errors:
            file_el.append(element("error", {"line": 1, "severity": "error", "message": errors[path].message, "source": "lintnews.input-error"}))
        root.append(file_el)
    return serialise(root)
