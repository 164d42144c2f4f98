"""GitHub Actions workflow commands: one annotation per finding.

``::warning file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=CODE (name)::message``.
Data after ``::`` escapes ``%``, CR and LF; property values also escape ``:`` and ``,``, as
the Actions runner expects."""

from __future__ import annotations

from lintnews.model import Report, Severity

COMMANDS = {Severity.INFO: "notice", Severity.WARNING: "warning", Severity.ERROR: "error"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    out = []
    for f in report.findings:
        props = [
            ("file", f.path),
            ("line", str(f.line)),
            ("col", str(f.column)),
            ("endLine", str(f.end_line)),
            ("endColumn", str(f.end_column)),
            ("title", f"{f.code} ({f.name})"),
        ]
        prop_text = ",".join(f"{k}={escape_property(v)}" for k, v in props)
        message = f.message
        if f.suggestions:
            message += "\nSuggestion: " + " | ".join(f.suggestions[:5])
        out.append(f"::{COMMANDS[f.severity]} {prop_text}::{escape_data(message)}")
    for e in report.errors:
        out.append(f"::error file={escape_property(e.path)},title=lintnews::{escape_data(e.message)}")
    return "".join(line + "\n" for line in out)
