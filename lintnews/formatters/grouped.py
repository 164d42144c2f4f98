"""Findings grouped under their file, as ruff's ``grouped`` output."""

from __future__ import annotations

from itertools import groupby

from lintnews.formatters.text import fix_marker, summary
from lintnews.model import Report


def render(report: Report) -> str:
    lines: list[str] = []
    for path, group in groupby(report.findings, key=lambda f: f.path):
        group = list(group)
        width = max(len(f"{f.line}:{f.column}") for f in group)
        lines.append(f"{path}:")
        for f in group:
            pos = f"{f.line}:{f.column}"
            lines.append(f"  {pos:<{width}} {f.code} {fix_marker(f)}{f.message}")
        lines.append("")
    lines.extend(summary(report))
    return "\n".join(lines) + "\n"
