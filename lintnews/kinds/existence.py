"""``kind: existence``: flag every occurrence of any of ``tokens``.

Fields: ``tokens`` (phrases, or regexes with ``regex: true``), ``ignorecase``,
``scope`` (``text``: anywhere; ``line``: the token must be the whole line, as scraped page
furniture is), ``suggest`` (one replacement), ``delete_line`` (the fix removes the line; one finding per
line, at the first token on it).
"""

from __future__ import annotations

import re
from functools import cached_property

from lintnews.kinds._literals import INDEX, Clauses, checked_requirements
from lintnews.kinds._phrases import phrase_pattern
from lintnews.model import Edit, Hit

FIELDS = {"tokens", "ignorecase", "regex", "scope", "suggest", "delete_line"}


class Existence:
    def __init__(self, source: str, flags: int, needs: Clauses, line_scope: bool, suggest: str | None, delete_line: bool):
        self.source = source
        self.flags = flags
        self.line_scope = line_scope
        self.suggest = suggest
        self.delete_line = delete_line
        self._needs = needs
        INDEX.register(needs)

    def __setstate__(self, state: dict) -> None:
        """Unpickled in another process (a Dask worker): register the strings there too."""
        self.__dict__.update(state)
        INDEX.register(self._needs)

    @cached_property
    def pattern(self) -> re.Pattern:
        """Compiled on first use: most articles have none of the tokens."""
        return re.compile(self.source, self.flags)

    def check(self, doc):
        if not INDEX.allows(doc, self._needs):
            return
        text = doc.text
        lines_done: set[int] = set()
        for m in self.pattern.finditer(text):
            start, end = m.span("t")
            if start == end:
                continue
            edits = None
            suggestions: tuple[str, ...] = ()
            if self.delete_line:
                line = doc.line_span(start)
                if line.start in lines_done:
                    continue  # one finding per line to delete
                lines_done.add(line.start)
                stop = line.end + 1 if line.end < len(text) else line.end
                begin = line.start
                if stop == line.end and begin > 0:  # last line: take the break before it
                    begin -= 1
                edits = (Edit(begin, stop, ""),)
            elif self.suggest is not None:
                suggestions = (self.suggest,)
                edits = (Edit(start, end, self.suggest),)
            yield Hit(start, end, {"text": m.group("t")}, suggestions, edits)


def build(meta, f):
    tokens = f.list("tokens")
    if not tokens or not all(isinstance(t, str) and t.strip() for t in tokens):
        raise f.error("tokens", "must be a non-empty list of non-empty strings")
    as_regex = f.bool("regex", False)
    scope = f.str("scope", "text")
    if scope not in ("text", "line"):
        raise f.error("scope", f"{scope!r} is not one of text, line")
    flags = re.IGNORECASE if f.bool("ignorecase", False) else 0
    alts = [t if as_regex else phrase_pattern(t) for t in tokens]
    body = "|".join(f"(?:{a})" for a in sorted(alts, key=len, reverse=True))
    if scope == "line":
        source, flags = rf"^[ \t\u00a0]*(?P<t>{body})[ \t\u00a0]*$", flags | re.MULTILINE
    else:
        source = f"(?P<t>{body})"

    def validate() -> None:
        for a in alts:  # each alternative must compile on its own, so the error names it
            f.regex("tokens", a, flags)
        f.regex("tokens", source, flags)

    (needs,) = checked_requirements([source], flags, validate)
    return Existence(source, flags, needs, scope == "line", f.str("suggest", None), f.bool("delete_line", False))
