"""Text with context: the source line, a caret line under the flagged span and the fix
preview, like ruff's ``full`` output. Long lines (a news paragraph is often one line) are cut
to a window around the span."""

from __future__ import annotations

import unicodedata

from lintnews.formatters.text import fix_marker, summary
from lintnews.model import Applicability, Finding, Report

NEEDS_SOURCE = True
WINDOW = 60  # characters of the line shown either side of the span


def _line_of(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    if end == -1:
        end = len(text)
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, end


def _visible(s: str) -> str:
    """Control and invisible format characters written as escapes, so the caret line stays
    aligned and a zero-width character can be seen."""
    return "".join(
        " " if c == "\t" else c if unicodedata.category(c) not in ("Cc", "Cf") else
        f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
        for c in s
    )


def _excerpt(text: str, f: Finding) -> tuple[str, int, int, int, int] | None:
    """(shown line, caret start, caret width, window start, window end) in the line."""
    if f.end_offset > len(text):
        return None
    ls, le = _line_of(text, f.offset)
    a, b = f.offset, min(f.end_offset, le)
    lo, hi = max(ls, a - WINDOW), min(le, b + WINDOW)
    return text[lo:hi], a - lo, max(1, b - a), lo, hi


def _fix_preview(text: str, f: Finding, lo: int, hi: int) -> str | None:
    if f.fix is None:
        return None
    edits = [e for e in f.fix.edits if lo <= e.offset and e.end_offset <= hi]
    if len(edits) != len(f.fix.edits):
        # The fix reaches beyond the shown line: describe it.
        return "; ".join(f"replace {text[e.offset:e.end_offset]!r} with {e.content!r}" for e in f.fix.edits)
    after = text[lo:hi]
    for e in sorted(edits, key=lambda e: e.offset, reverse=True):
        after = after[: e.offset - lo] + e.content + after[e.end_offset - lo :]
    return after


def render_finding(f: Finding, text: str | None) -> list[str]:
    out = [f"{f.path}:{f.line}:{f.column}: {f.code} {fix_marker(f)}{f.message}"]
    excerpt = _excerpt(text, f) if text is not None else None
    if excerpt is not None:
        shown, col, width, lo, hi = excerpt
        gutter = " " * len(str(f.line))
        prefix = "…" if lo > text.rfind("\n", 0, f.offset) + 1 else ""
        suffix = "…" if hi < _line_of(text, f.offset)[1] else ""
        out.append(f"{gutter} |")
        out.append(f"{f.line} | {prefix}{_visible(shown)}{suffix}")
        caret_col = len(prefix) + len(_visible(shown[:col]))
        caret_w = max(1, len(_visible(shown[col : col + width])))
        out.append(f"{gutter} | {' ' * caret_col}{'^' * caret_w} {f.name}")
        preview = _fix_preview(text, f, lo, hi)
        if preview is not None:
            kind = "safe fix" if f.fix.applicability is Applicability.SAFE else "unsafe fix"
            if f.fix.edits and all(lo <= e.offset and e.end_offset <= hi for e in f.fix.edits):
                out.append(f"{gutter} = {kind}:")
                out.append(f"{gutter} - {prefix}{_visible(shown)}{suffix}")
                out.append(f"{gutter} + {prefix}{_visible(preview)}{suffix}")
            else:
                out.append(f"{gutter} = {kind}: {preview}")
    if f.suggestions and (f.fix is None or len(f.suggestions) > 1):
        shown = " | ".join(repr(s)[1:-1] for s in f.suggestions[:5])
        out.append(f"  = suggestion: {shown}")
    return out


def render(report: Report) -> str:
    lines: list[str] = []
    for f in report.findings:
        lines.extend(render_finding(f, report.sources.get(f.path)))
        lines.append("")
    lines.extend(summary(report))
    return "\n".join(lines) + "\n"
