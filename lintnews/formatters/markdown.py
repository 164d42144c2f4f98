"""A Markdown summary for ``$GITHUB_STEP_SUMMARY`` or a pull-request comment: totals, a
table of counts per rule, then the findings (folded away when there are many)."""

from __future__ import annotations

from collections import Counter

from lintnews.model import Applicability, Report

MAX_ROWS = 500


def cell(s: str) -> str:
    """Text that stays inside one table cell and renders literally."""
    s = " ".join(str(s).split())
    for ch in "\\`*_[]<>|#~":
        s = s.replace(ch, "\\" + ch)
    return s or " "


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(report: Report) -> str:
    n, files = len(report.findings), len(report.files)
    out = ["## lintnews", ""]
    if not n:
        out.append(f"All checks passed ({_plural(files, 'file')}).")
    else:
        with_findings = len({f.path for f in report.findings})
        safe = sum(1 for f in report.findings if f.fix and f.fix.applicability is Applicability.SAFE)
        out.append(f"**{_plural(n, 'finding')}** in {with_findings} of {_plural(files, 'file')}; {safe} fixable with `lintnews check --fix`.")
        out += ["", "| Code | Rule | Severity | Findings | With a fix |", "| --- | --- | --- | ---: | ---: |"]
        counts = Counter(f.code for f in report.findings)
        fixable = Counter(f.code for f in report.findings if f.fix)
        first = {}
        for f in report.findings:
            first.setdefault(f.code, f)
        for code, count in sorted(counts.items(), key=lambda x: (-x[1], x[0])):
            f = first[code]
            out.append(f"| {cell(code)} | {cell(f.name)} | {f.severity} | {count} | {fixable[code]} |")
        out += ["", "<details>" if n > 20 else "<details open>", f"<summary>{_plural(n, 'finding')}</summary>", ""]
        out += ["| File | Line | Column | Code | Message |", "| --- | ---: | ---: | --- | --- |"]
        for f in report.findings[:MAX_ROWS]:
            out.append(f"| {cell(f.path)} | {f.line} | {f.column} | {cell(f.code)} | {cell(f.message)} |")
        if n > MAX_ROWS:
            out.append(f"| … | | | | {n - MAX_ROWS} more findings not shown |")
        out += ["", "</details>"]
    if report.errors:
        out += ["", "**Files that could not be read:**", ""]
        out += [f"- {cell(e.path)}: {cell(e.message)}" for e in report.errors]
    if report.skipped:
        out += ["", "**Checks skipped:**", ""]
        out += [f"- {cell(s.check)}: {cell(s.reason)}" for s in report.skipped]
    return "\n".join(out) + "\n"
