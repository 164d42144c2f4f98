"""Concise text output, one line per finding, like ruff: ``path:line:col: CODE [*] message``."""

from __future__ import annotations

from collections import Counter

from lintnews.model import Applicability, Report


def fix_marker(finding) -> str:
    if finding.fix is None:
        return ""
    return "[*] " if finding.fix.applicability is Applicability.SAFE else "[-] "


def render(report: Report) -> str:
    lines = []
    for f in report.findings:
        line = f"{f.path}:{f.line}:{f.column}: {f.code} {fix_marker(f)}{f.message}"
        if f.suggestions and len(f.suggestions) <= 5:
            line += " (suggestion: " + " | ".join(repr(s)[1:-1] if s.strip() == s else repr(s) for s in f.suggestions) + ")"
        lines.append(line)
    lines.extend(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: Report) -> list[str]:
    out = []
    n = len(report.findings)
    safe = sum(1 for f in report.findings if f.fix and f.fix.applicability is Applicability.SAFE)
    unsafe = sum(1 for f in report.findings if f.fix and f.fix.applicability is Applicability.UNSAFE)
    files = len(report.files)
    if report.fixed:
        total = sum(report.fixed.values())
        out.append(f"Fixed {total} finding{'s' if total != 1 else ''} in {len(report.fixed)} file{'s' if len(report.fixed) != 1 else ''}.")
    if n:
        out.append(f"Found {n} finding{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}.")
        if safe:
            out.append(f"[*] {safe} fixable with `lintnews check --fix`.")
        if unsafe:
            out.append(f"[-] {unsafe} more fixable with `--fix --unsafe-fixes`.")
    else:
        out.append(f"All checks passed ({files} file{'s' if files != 1 else ''}).")
    for d in report.documents:
        if d.metrics or d.source_language:
            parts = [f"{k}={v:g}" if isinstance(v, (int, float)) else f"{k}={v}" for k, v in sorted(d.metrics.items())]
            if d.source_language and d.source_language.get("language"):
                sl = d.source_language
                parts.append(f"source_language={sl['language']} ({sl.get('confidence', 0):.2f})")
            out.append(f"{d.path}: " + ", ".join(parts))
    for s in report.skipped:
        out.append(f"Skipped {s.check}: {s.reason}")
    return out


def statistics(report: Report) -> str:
    counts = Counter((f.code, f.name) for f in report.findings)
    return "\n".join(f"{n:5d}  {code}  {name}" for (code, name), n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))) + "\n"
