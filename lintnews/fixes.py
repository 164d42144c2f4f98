"""Fixes: choose non-overlapping edits, apply them once right to left, write safely; --diff.

Findings carry their fix in the coordinates of the decoded file (``Document.raw``: BOM
stripped, line breaks as in the file), so the fixed file is ``prefix + edited raw``,
encoded back as UTF-8, with the bytes before the text (a BOM) kept as they were. Bytes
outside the edited spans are unchanged, since UTF-8 encodes each part of a text on its own.

There is no fix loop: fixes are applied once; the report that follows comes from linting the
fixed text once more, in memory, so positions and the remaining findings are the true ones.
"""

from __future__ import annotations

import bisect
import difflib
import errno
import os
import stat
from dataclasses import dataclass, field
from typing import Iterable

from lintnews.model import Applicability, Edit, Finding, InputError, Report


# -- choosing and applying edits ---------------------------------------------------------------


def _conflict(a: Edit, b: Edit) -> bool:
    """True when ``a`` and ``b`` cannot both be applied. The same edit twice is one edit."""
    if a == b:
        return False
    a_ins, b_ins = a.offset == a.end_offset, b.offset == b.end_offset
    if a_ins and b_ins:
        return a.offset == b.offset  # two insertions at one point: their order is arbitrary
    if a_ins:
        return b.offset < a.offset < b.end_offset
    if b_ins:
        return a.offset < b.offset < a.end_offset
    return a.offset < b.end_offset and b.offset < a.end_offset


class _EditSet:
    """Edits kept so far, mutually compatible, sorted by (offset, end_offset)."""

    def __init__(self) -> None:
        self.edits: list[Edit] = []
        self.keys: list[tuple[int, int]] = []

    def fits(self, e: Edit) -> bool:
        # Kept edits do not overlap, so only neighbours of e's position can conflict with it.
        lo = bisect.bisect_left(self.keys, (e.offset, -1))
        i = lo - 1
        while i >= 0 and self.edits[i].end_offset >= e.offset:
            if _conflict(self.edits[i], e):
                return False
            i -= 1
        i = lo
        while i < len(self.edits) and self.edits[i].offset <= e.end_offset:
            if _conflict(self.edits[i], e):
                return False
            i += 1
        return True

    def add(self, e: Edit) -> None:
        if e in self.edits:
            return
        i = bisect.bisect_right(self.keys, (e.offset, e.end_offset))
        self.keys.insert(i, (e.offset, e.end_offset))
        self.edits.insert(i, e)


def select_edits(edits: Iterable[Edit]) -> tuple[list[Edit], list[Edit]]:
    """Keep a deterministic set of non-conflicting edits: earlier start first, then the
    shorter span, then the content; an edit conflicting with one already kept is skipped.
    Two insertions at the same point conflict, as their order would be arbitrary."""
    kept = _EditSet()
    skipped: list[Edit] = []
    for e in sorted(set(edits), key=lambda e: (e.offset, e.end_offset, e.content)):
        if kept.fits(e):
            kept.add(e)
        else:
            skipped.append(e)
    return kept.edits, skipped


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, list[Edit]]:
    """Return the edited text and the edits that were skipped because they overlapped."""
    kept, skipped = select_edits(edits)
    for e in kept:
        if not (0 <= e.offset <= e.end_offset <= len(text)):
            raise ValueError(f"edit {e} is outside the text ({len(text)} characters)")
    parts: list[str] = []
    pos = len(text)
    # Right to left; an insertion at the start of a replacement goes before it.
    for e in reversed(kept):
        parts.append(text[e.end_offset : pos])
        parts.append(e.content)
        pos = e.offset
    parts.append(text[:pos])
    return "".join(reversed(parts)), skipped


def applicable(finding: Finding, unsafe: bool) -> bool:
    """Whether ``finding``'s fix is applied: a safe fix always, an unsafe one only when asked.
    A finding with several candidate repairs is never applied."""
    fix = finding.fix
    if fix is None or not fix.edits or len(finding.suggestions) > 1:
        return False
    if fix.applicability is Applicability.SAFE:
        return True
    return unsafe and fix.applicability is Applicability.UNSAFE


def select_fixes(findings: Iterable[Finding], unsafe: bool = False) -> tuple[list[Finding], list[Finding]]:
    """Choose the findings whose fixes are applied together: each finding's edits all or
    none, in a deterministic order (position, then code); a finding whose edits conflict
    with a fix already chosen is skipped and stays reported."""
    chosen = _EditSet()
    applied: list[Finding] = []
    skipped: list[Finding] = []
    candidates = [f for f in findings if applicable(f, unsafe)]

    def order(f: Finding):
        first = min(f.fix.edits)
        return (first.offset, first.end_offset, f.code, f.offset, f.end_offset, f.fix.edits)

    for f in sorted(candidates, key=order):
        edits = sorted(set(f.fix.edits))
        own = _EditSet()
        ok = True
        for e in edits:  # a finding's own edits must be compatible too
            if not own.fits(e) or not chosen.fits(e):
                ok = False
                break
            own.add(e)
        if ok:
            for e in edits:
                chosen.add(e)
            applied.append(f)
        else:
            skipped.append(f)
    return applied, skipped


# -- one file ----------------------------------------------------------------------------------


@dataclass
class Source:
    """What was read from one input, kept to rebuild the file and to notice a change on disk."""

    path: str
    data: bytes


@dataclass
class FileFix:
    path: str
    before: bytes
    after: bytes
    applied: list[Finding]
    skipped: list[Finding]

    @property
    def changed(self) -> bool:
        return self.before != self.after


class FixError(Exception):
    pass


def fix_source(source: Source, raw: str, findings: list[Finding], unsafe: bool = False) -> FileFix:
    """Apply the chosen fixes of ``findings`` to ``raw`` (the decoded text of ``source``)."""
    encoded = raw.encode("utf-8")
    if not source.data.endswith(encoded):
        raise FixError("its text could not be mapped back to the bytes read; not fixed")
    prefix = source.data[: len(source.data) - len(encoded)]  # a BOM, if any
    applied, skipped = select_fixes(findings, unsafe)
    edits = [e for f in applied for e in f.fix.edits]
    fixed, left = apply_edits(raw, edits)
    assert not left, "select_fixes kept conflicting edits"
    return FileFix(source.path, source.data, prefix + fixed.encode("utf-8"), applied, skipped)


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    """A unified diff of two versions of a UTF-8 file, as ``diff -u`` prints it."""
    if path != "-":
        path = os.path.normpath(path).replace(os.sep, "/")
    a = before.decode("utf-8").splitlines(keepends=True)
    b = after.decode("utf-8").splitlines(keepends=True)
    out = []
    name = path.lstrip("/")
    for line in difflib.unified_diff(a, b, f"a/{name}", f"b/{name}"):
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _describe(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    if exc.errno == errno.EDQUOT:
        return "disk quota exceeded"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied (the file or its folder cannot be written)"
    if exc.errno == errno.EROFS:
        return "the file system is read-only"
    return exc.strerror or str(exc)


def write_fix(fix: FileFix, source: Source) -> None:
    """Replace the file with its fixed bytes, atomically, unless it changed since it was read
    or cannot be written. Raises :class:`FixError` with the reason; the file is then as it was."""
    from lintnews.fileio import atomic_write_bytes

    target = os.path.realpath(fix.path)  # write through a symlink, do not replace it
    try:
        st = os.stat(target)
        with open(target, "rb") as fh:
            now = fh.read()
    except FileNotFoundError:
        raise FixError("was deleted after it was read; not fixed") from None
    except OSError as exc:
        raise FixError(f"cannot be read again before writing: {_describe(exc)}; not fixed") from None
    if now != source.data:
        raise FixError("changed on disk after it was read; not fixed (run lintnews again)")
    if not st.st_mode & stat.S_IWUSR or not os.access(target, os.W_OK):
        raise FixError("is read-only; not fixed")
    try:
        atomic_write_bytes(target, fix.after)
    except OSError as exc:
        raise FixError(f"cannot be written: {_describe(exc)}; the file is unchanged") from None


# -- a whole run -------------------------------------------------------------------------------


@dataclass
class FixRun:
    """The outcome of ``--fix`` or ``--diff`` over the inputs."""

    report: Report
    warnings: list[str]
    fixes: list[FileFix] = field(default_factory=list)
    stdin: bytes | None = None  # the fixed standard input, for --fix on '-'

    @property
    def would_fix(self) -> int:
        return sum(len(f.applied) for f in self.fixes if f.changed)

    def diff(self) -> str:
        return "".join(unified_diff(f.path, f.before, f.after) for f in self.fixes if f.changed)


def fix_paths(linter, targets: list[str], *, unsafe: bool = False, write: bool = True) -> FixRun:
    """Lint ``targets``, apply the chosen fixes once, and lint the fixed text once more (in
    memory) for the report. With ``write=False`` nothing is written (``--diff``)."""
    from lintnews.inputs import decode, read_bytes

    sources: dict[str, Source] = {}
    raws: dict[str, str] = {}

    def reader(path: str):
        data = read_bytes(path)
        if isinstance(data, InputError):
            return data
        item = decode(path, data)
        if not isinstance(item, InputError):
            sources[path] = Source(path, data)
            raws[path] = item.raw
        return item

    report, warnings = linter.lint_paths(targets, reader=reader)
    by_path: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)

    run = FixRun(report, warnings)
    errors: list[InputError] = []
    final: dict[str, bytes] = {}
    for path, source in sources.items():
        try:
            fix = fix_source(source, raws[path], by_path.get(path, []), unsafe)
        except FixError as exc:
            errors.append(InputError(path, str(exc)))
            continue
        run.fixes.append(fix)
        if path == "-":
            run.stdin = fix.after
            if fix.changed:
                final[path] = fix.after
            continue
        if not write or not fix.changed:
            continue
        try:
            write_fix(fix, source)
        except FixError as exc:
            errors.append(InputError(path, str(exc)))
            continue
        final[path] = fix.after

    if write and final:
        # Report what remains: the fixed files (and the others, for corpus rules) once more.
        found_errors = [e for e in report.errors if e.path not in sources]
        docs = [decode(p, final.get(p, s.data)) for p, s in sources.items()]
        report = linter.run(docs)
        report.errors.extend(found_errors)
        report.fixed = {f.path: len(f.applied) for f in run.fixes if f.path in final}
    report.errors.extend(errors)
    report.sort()
    run.report = report
    return run
