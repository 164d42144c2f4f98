"""Inline suppressions and per-file ignores, applied to findings after the rules ran.

In any text (``.md``, ``.html``, ``.txt``, standard input) lintnews reads these comments::

    <!-- lintnews: disable QT002,BP -->        until the next enable (or the end of the file)
    <!-- lintnews: enable -->                  ends every open disable (``enable QT002``: that one)
    <!-- lintnews: disable-next-line QT002 --> the next non-blank line
    <!-- lintnews: disable-file -->            the whole file (optionally only some codes)

A directive without codes covers every rule. Codes are given as in ``--select``: a code, a
code prefix (``QT``) or a rule name. ``word [sic]`` suppresses every finding on that word.

Rules never see any of this: the runner hands each document to :meth:`Suppressor.observe`
and passes the findings of the whole run through :meth:`Suppressor.apply`, so corpus rules
are suppressed like document rules. A directive that suppressed nothing is reported by the
rule ``LN001`` (``unused-suppression``); its check proposes every directive, and
:meth:`Suppressor.apply` keeps only the unused ones. ``[sic]`` is an editor's mark that
predates lintnews, so an unused ``[sic]`` is never reported.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, replace
from typing import Iterable, Mapping

from lintnews.model import Finding

UNUSED_CODE = "LN001"

_DIRECTIVE_RE = re.compile(r"<!--\s*lintnews\s*:(?P<body>.*?)-->", re.S | re.I)
_ACTIONS = ("disable-next-line", "disable-file", "disable", "enable")
_SIC_RE = re.compile(r"(?P<word>\w+(?:['’\-]\w+)*)[\"“”‘’'»,.;:!?]{0,2}[ \t\u00a0]*\[sic!?\]", re.I)
_SIC_MARK = re.compile(r"\[sic", re.I)
_TOKEN_RE = re.compile(r"^(?:[A-Za-z]{1,4}[0-9]{0,3}|[a-z][a-z0-9]*(?:-[a-z0-9]+)*)$")


@dataclass(frozen=True)
class Directive:
    """One suppression comment, in the coordinates of the file as decoded (``Document.raw``).

    ``codes`` empty means every rule. ``target_line`` is the line a ``disable-next-line``
    covers. ``problem`` says why a comment could not be understood."""

    action: str
    codes: tuple[str, ...]
    start: int
    end: int
    line: int
    text: str
    # offsets into Document.text, for the LN001 check
    text_start: int = 0
    text_end: int = 0
    target_line: int | None = None
    problem: str | None = None


def _parse_body(body: str) -> tuple[str | None, tuple[str, ...], str | None]:
    body = " ".join(body.split())
    for action in _ACTIONS:
        if body == action or body.startswith(action + " "):
            rest = body[len(action) :]
            codes = tuple(c for c in re.split(r"[\s,]+", rest) if c)
            bad = [c for c in codes if not _TOKEN_RE.match(c)]
            if bad:
                return action, codes, f"has a malformed code {bad[0]!r}"
            return action, codes, None
    word = body.split(" ", 1)[0] if body else ""
    return None, (), f"is not a lintnews directive ({word!r}; expected disable, enable, disable-next-line or disable-file)"


def parse(doc) -> tuple[Directive, ...]:
    """The directives in ``doc`` (memoised in ``doc.facts``); ``[sic]`` marks have action ``sic``."""
    cached = doc.facts.get("suppressions")
    if cached is not None:
        return cached
    text = doc.text
    out: list[Directive] = []
    if "lintnews" in text:
        lines = doc.line_starts
        for m in _DIRECTIVE_RE.finditer(text):
            action, codes, problem = _parse_body(m.group("body"))
            line, _ = doc.position(m.start())
            target = None
            if action == "disable-next-line":
                end_line, _ = doc.position(m.end())
                target = end_line + 1
                while target <= len(lines) and not doc.text[doc.lines[target - 1].start : doc.lines[target - 1].end].strip():
                    target += 1
            out.append(
                Directive(
                    action or "unknown", codes, doc.to_raw(m.start()), doc.to_raw(m.end()), line,
                    " ".join(m.group().split()), m.start(), m.end(), target, problem,
                )
            )
    if "[" in text and _SIC_MARK.search(text):  # the word before a mark is looked for only then
        for m in _SIC_RE.finditer(text):
            line, _ = doc.position(m.start())
            out.append(Directive("sic", (), doc.to_raw(m.start()), doc.to_raw(m.end()), line, m.group(), m.start(), m.end()))
    result = tuple(out)
    doc.facts["suppressions"] = result
    return result


def token_matches(token: str, code: str, name: str) -> bool:
    """``--select`` semantics: a code, a code prefix or a rule name."""
    return token == name or code.startswith(token.upper())


class UnusedSuppression:
    """The check behind LN001: every directive is a candidate; :class:`Suppressor` drops the
    ones that suppressed something. Run on its own (a rule's examples), nothing is suppressed,
    so every directive is reported."""

    def check(self, doc):
        from lintnews.model import Edit, Hit

        text = doc.text
        for d in parse(doc):
            if d.action == "sic":
                continue
            a, b = d.text_start, d.text_end
            # Delete the comment; when it is alone on its line, delete the line.
            span = doc.line_span(a)
            if text[span.start : a].strip() == "" and text[b : span.end].strip() == "":
                a, b = span.start, min(span.end + 1, len(text))
                if b == len(text) and a > 0 and span.end == len(text):
                    a -= 1  # last line: take the break before it
            reason = f"{d.problem}" if d.problem else "suppressed nothing"
            yield Hit(d.text_start, d.text_end, {"directive": d.text, "reason": reason}, (), (Edit(a, b, ""),))


@dataclass(frozen=True)
class _Scope:
    directive: int  # index into the document's directives
    codes: tuple[str, ...]
    start: int = 0
    end: int = -1  # -1: to the end of the file
    line: int | None = None  # disable-next-line


class Suppressor:
    """Per-file ignores and inline suppressions for one run.

    ``active`` maps the codes of the rules that run to their names; ``known`` maps every
    rule's code to its name (to tell a misspelt code from a rule that is merely not selected).
    ``per_file_ignores`` is a sequence of ``(glob, codes)``; ``root`` the folder globs are
    relative to (the config file's), besides the path as given."""

    def __init__(
        self,
        active: Mapping[str, str],
        known: Mapping[str, str] | None = None,
        per_file_ignores: Iterable[tuple[str, tuple[str, ...]]] = (),
        root: str | None = None,
        message: str = "Suppression comment “{directive}” {reason}",
    ):
        self.active = dict(active)
        self.known = dict(known or active)
        self.per_file_ignores = tuple(per_file_ignores)
        self.root = root
        self.message = message
        self._directives: dict[str, tuple[Directive, ...]] = {}
        self._ignored: dict[str, tuple[str, ...]] = {}

    # -- per document ------------------------------------------------------------------------

    def observe(self, doc) -> None:
        """Remember what ``doc`` asks to suppress (nothing is kept for most documents)."""
        self.add(doc.path, parse(doc))

    def add(self, path: str, directives: tuple[Directive, ...]) -> None:
        """Remember directives parsed elsewhere (a worker process, the cache)."""
        if directives:
            self._directives[path] = directives

    def ignored_codes(self, path: str) -> tuple[str, ...]:
        if path not in self._ignored:
            self._ignored[path] = tuple(
                code for pattern, codes in self.per_file_ignores if _path_matches(path, pattern, self.root) for code in codes
            )
        return self._ignored[path]

    # -- the whole run -----------------------------------------------------------------------

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        kept: list[Finding] = []
        used: dict[str, set[int]] = {}
        unused_candidates: list[Finding] = []
        scopes = {path: _scopes(ds) for path, ds in self._directives.items()}
        for f in findings:
            ignored = self.ignored_codes(f.path)
            if ignored and any(token_matches(t, f.code, f.name) for t in ignored):
                continue
            if f.code == UNUSED_CODE:
                unused_candidates.append(f)
                continue
            directives = self._directives.get(f.path)
            if directives:
                if any(d.action != "sic" and _overlaps(f, d.start, d.end) for d in directives):
                    continue  # the comment itself is not article text
                hit = self._suppressing(f, directives, scopes[f.path])
                if hit:
                    used.setdefault(f.path, set()).update(hit)
                    continue
            kept.append(f)
        for f in unused_candidates:
            report = self._unused(f, used.get(f.path, set()))
            if report is not None:
                kept.append(report)
        return kept

    def _suppressing(self, f: Finding, directives: tuple[Directive, ...], scopes: list[_Scope]) -> set[int]:
        hit: set[int] = set()
        for s in scopes:
            if s.codes and not any(token_matches(t, f.code, f.name) for t in s.codes):
                continue
            if s.line is not None:
                if f.line == s.line:
                    hit.add(s.directive)
            elif directives[s.directive].action == "sic":
                if _overlaps(f, s.start, s.end):
                    hit.add(s.directive)
            elif s.start <= f.offset and (s.end < 0 or f.offset < s.end):
                hit.add(s.directive)
        return hit

    def _unused(self, f: Finding, used: set[int]) -> Finding | None:
        from lintnews.engine import render_message

        directives = self._directives.get(f.path, ())
        index = next((i for i, d in enumerate(directives) if d.start == f.offset and d.action != "sic"), None)
        if index is None:
            return None
        d = directives[index]
        if d.problem:
            return replace(f, fix=None)  # the author meant something: let them correct it
        if d.action == "enable" or index in used:
            return None
        unknown = [t for t in d.codes if not any(token_matches(t, c, n) for c, n in self.known.items())]
        fix = f.fix
        if unknown:
            reason, fix = "names no rule: " + ", ".join(unknown), None
        elif d.codes and not any(token_matches(t, c, n) for t in d.codes for c, n in self.active.items()):
            return None  # its rules did not run, so it cannot be judged
        else:
            reason = "suppressed nothing"
        return replace(f, message=render_message(self.message, {"directive": d.text, "reason": reason}), fix=fix)


def _overlaps(f: Finding, start: int, end: int) -> bool:
    if f.offset == f.end_offset:
        return start <= f.offset < end
    return f.offset < end and f.end_offset > start


def _scopes(directives: tuple[Directive, ...]) -> list[_Scope]:
    out: list[_Scope] = []
    open_: dict[str, tuple[int, int]] = {}  # token ('*' for all) -> (directive index, start)
    for i, d in enumerate(directives):
        if d.problem:
            continue
        if d.action == "disable-file":
            out.append(_Scope(i, d.codes))
        elif d.action == "disable-next-line":
            if d.target_line is not None:
                out.append(_Scope(i, d.codes, line=d.target_line))
        elif d.action == "sic":
            out.append(_Scope(i, (), d.start, d.end))
        elif d.action == "disable":
            for token in d.codes or ("*",):
                if token not in open_:
                    open_[token] = (i, d.end)
        elif d.action == "enable":
            closing = list(open_) if not d.codes else [t for t in d.codes if t in open_]
            for token in closing:
                j, start = open_.pop(token)
                out.append(_Scope(j, () if token == "*" else (token,), start, d.start))
    for token, (j, start) in open_.items():
        out.append(_Scope(j, () if token == "*" else (token,), start, -1))
    return out


def _path_matches(path: str, pattern: str, root: str | None) -> bool:
    norm = os.path.normpath(path).replace(os.sep, "/")
    candidates = {norm, norm.rsplit("/", 1)[-1]}
    if root is not None and path != "-":
        try:
            candidates.add(os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/"))
        except ValueError:
            pass
    pattern = pattern[2:] if pattern.startswith("./") else pattern
    return any(fnmatch.fnmatchcase(c, pattern) for c in candidates)
