"""Fingerprints that survive lines moving, and baseline files built from them.

A site with thousands of old articles adopts lintnews by recording today's findings
(``--write-baseline FILE``) and then failing only on new ones (``--baseline FILE``).

A fingerprint hashes the path, the rule code, the flagged text and a few words either side
of it on its line, plus an occurrence index among findings that share all of these. Line and
column numbers are left out, so adding or removing paragraphs above a finding keeps its
fingerprint; editing the words around it makes it new. SARIF ``partialFingerprints`` and the
GitLab report use the same fingerprints.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from lintnews.model import Finding

VERSION = 1
CONTEXT = 24  # characters of context either side, within the line

_SPACE = re.compile(r"\s+")


class BaselineError(Exception):
    """A baseline file is missing or malformed; ``str()`` names the file and the problem."""


def _norm_path(path: str) -> str:
    if path == "-":
        return path
    return os.path.normpath(path).replace(os.sep, "/")


def _squash(s: str) -> str:
    return _SPACE.sub(" ", s).strip()


def _material(f: Finding, text: str | None) -> tuple[str, str, str]:
    """(flagged text, context before, context after), whitespace-normalised."""
    if text is None or f.end_offset > len(text):
        return _squash(f.message), "", ""
    line_start = text.rfind("\n", 0, f.offset) + 1
    line_end = text.find("\n", f.end_offset)
    if line_end == -1:
        line_end = len(text)
    before = text[max(line_start, f.offset - CONTEXT) : f.offset]
    after = text[f.end_offset : min(line_end, f.end_offset + CONTEXT)] if f.end_offset <= line_end else ""
    return _squash(text[f.offset : f.end_offset]), _squash(before), _squash(after)


def fingerprints(findings: Sequence[Finding], sources: Mapping[str, str]) -> list[str]:
    """One fingerprint per finding, in the same order. ``sources`` maps paths to the decoded
    text (``Report.sources``); without a path's text the message stands in for it."""
    seen: Counter = Counter()
    out: list[str] = [""] * len(findings)
    order = sorted(range(len(findings)), key=lambda i: findings[i].sort_key)
    for i in order:
        f = findings[i]
        key = (_norm_path(f.path), f.code, *_material(f, sources.get(f.path)))
        n = seen[key]
        seen[key] += 1
        data = "\x1f".join((*key, str(n)))
        out[i] = hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return out


def dumps(findings: Sequence[Finding], sources: Mapping[str, str]) -> str:
    """The baseline file: JSON, sorted, one entry per finding (fingerprint plus what a person
    needs to recognise it)."""
    rows = []
    for f, fp in zip(findings, fingerprints(findings, sources)):
        text = sources.get(f.path)
        flagged = text[f.offset : f.end_offset] if text is not None and f.end_offset <= len(text) else ""
        rows.append({"fingerprint": fp, "path": _norm_path(f.path), "code": f.code, "line": f.line, "text": flagged})
    rows.sort(key=lambda r: (r["path"], r["line"], r["code"], r["fingerprint"]))
    return json.dumps({"version": VERSION, "tool": "lintnews", "findings": rows}, ensure_ascii=False, indent=1) + "\n"


def write(path: str | Path, findings: Sequence[Finding], sources: Mapping[str, str]) -> None:
    from lintnews.fileio import atomic_write_text

    try:
        atomic_write_text(path, dumps(findings, sources))
    except OSError as exc:
        raise BaselineError(f"{path}: cannot write the baseline: {exc.strerror or exc}") from None


def load(path: str | Path) -> frozenset[str]:
    """The fingerprints recorded in a baseline file."""
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline {path})") from None
    except IsADirectoryError:
        raise BaselineError(f"{path}: is a directory, not a baseline file") from None
    except UnicodeDecodeError:
        raise BaselineError(f"{path}: not a lintnews baseline (not UTF-8 text)") from None
    except OSError as exc:
        raise BaselineError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}: not a lintnews baseline (invalid JSON at line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict) or "findings" not in data or "version" not in data:
        raise BaselineError(f"{path}: not a lintnews baseline (expected an object with 'version' and 'findings')")
    if data["version"] != VERSION:
        raise BaselineError(f"{path}: baseline version {data['version']!r} is not supported (expected {VERSION})")
    rows = data["findings"]
    if not isinstance(rows, list):
        raise BaselineError(f"{path}: 'findings' must be a list")
    out = set()
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("fingerprint"), str):
            raise BaselineError(f"{path}: findings[{i}] has no 'fingerprint' string")
        out.add(row["fingerprint"])
    return frozenset(out)


def new_findings(findings: Sequence[Finding], sources: Mapping[str, str], known: Iterable[str]) -> list[Finding]:
    """The findings whose fingerprint is not in the baseline."""
    known = frozenset(known)
    return [f for f, fp in zip(findings, fingerprints(findings, sources)) if fp not in known]
