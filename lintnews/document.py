"""A text to lint: normalised once, with a line index and lazily computed structure.

Rules see ``Document.text``: the decoded text without a BOM and with CRLF turned into LF, so
that ``\\n`` is the only line break they meet. Positions are mapped back to the decoded
original (``Document.raw``) when findings are made, so reported offsets, lines and columns
refer to the file as it is on disk.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cached_property
from typing import Any, NamedTuple

WORD_RE = re.compile(r"\w+(?:['’\-]\w+)*")
# Abbreviations after which a full stop does not end a sentence (lower-cased, without the dot).
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt adm brig cmdr gov sen rep rev st jr sr vs etc
    inc ltd co corp dept univ no nos vol fig approx est al e.g i.e a.m p.m u.s u.k u.n u.s.a
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    mt ft pp para art sec ave blvd rd""".split()
)
# A line's text from its first to its last non-space character: one match per non-blank line,
# as no part of it crosses a line break.
_PARAGRAPH_RE = re.compile(r"\S(?:[^\n]*\S)?")
_SENT_END_RE = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s)")


class Span(NamedTuple):
    start: int
    end: int

    def text(self, doc: "Document") -> str:
        return doc.text[self.start : self.end]


class Token(NamedTuple):
    start: int
    end: int
    text: str


class Document:
    """One input text. Cheap to build; structure is computed on first use and then shared."""

    def __init__(self, path: str, raw: str, *, bom: bool = False, record_id: str | None = None):
        self.path = path
        self.bom = bom
        self.record_id = record_id
        if raw.startswith("\ufeff"):
            raw = raw[1:]
            self.bom = True
        self.raw = raw
        self.crlf = "\r\n" in raw
        if self.crlf:
            # Normalised positions of the "\n" whose "\r" was dropped.
            self._cr_positions = []
            removed = 0
            for m in re.finditer(r"\r\n", raw):
                self._cr_positions.append(m.start() - removed)
                removed += 1
            self.text = raw.replace("\r\n", "\n")
        else:
            self._cr_positions = []
            self.text = raw
        # Facts learned by analysers (source language, ...), read by rules that need them.
        self.facts: dict[str, Any] = {}

    # -- positions ---------------------------------------------------------------------------

    @cached_property
    def line_starts(self) -> list[int]:
        starts = [0]
        find = self.text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        return starts

    def to_raw(self, offset: int) -> int:
        """Offset into ``raw`` for an offset into ``text``."""
        if not self._cr_positions:
            return offset
        return offset + bisect_left(self._cr_positions, offset)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) for an offset into ``text``; columns count code points."""
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def line_span(self, offset: int) -> Span:
        """The span of the line holding ``offset``, without its line break."""
        line = bisect_right(self.line_starts, offset)
        start = self.line_starts[line - 1]
        end = self.text.find("\n", start)
        return Span(start, len(self.text) if end == -1 else end)

    # -- structure ---------------------------------------------------------------------------

    @cached_property
    def lines(self) -> list[Span]:
        """Every line, without its break."""
        ends = [s - 1 for s in self.line_starts[1:]] + [len(self.text)]
        return [Span(s, e) for s, e in zip(self.line_starts, ends)]

    @cached_property
    def paragraphs(self) -> list[Span]:
        """Non-blank lines: news pages put one paragraph on a line (blank lines between or not).
        Each is the line without the whitespace around it (what ``str.strip`` takes off, the
        characters regex ``\\s`` matches)."""
        new = tuple.__new__
        return [new(Span, m.span()) for m in _PARAGRAPH_RE.finditer(self.text)]

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentences within paragraphs. A full stop after a known abbreviation, an initial or
        a number followed by a digit does not end a sentence; a lower-case start does not
        prevent a split (that is itself a defect some rules look for)."""
        out: list[Span] = []
        text = self.text
        for para in self.paragraphs:
            start = para.start
            for m in _SENT_END_RE.finditer(text, para.start, para.end):
                if m.group().startswith(".") and _is_abbreviation(text, m.start()):
                    continue
                end = m.end()
                if end > start:
                    out.append(_trim(text, start, end))
                start = end
            if start < para.end:
                span = _trim(text, start, para.end)
                if span.end > span.start:
                    out.append(span)
        return out

    @cached_property
    def words(self) -> list[Token]:
        return tokens(self.text)

    @cached_property
    def word_texts(self) -> list[str]:
        """The words alone, in order (cheaper than :attr:`words` when positions are not needed)."""
        return WORD_RE.findall(self.text)

    @cached_property
    def word_count(self) -> int:
        return len(self.text.split())


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of ``text[start:end]`` with their offsets into ``text``."""
    new = tuple.__new__
    found = WORD_RE.finditer(text, start, len(text) if end is None else end)
    return [new(Token, (m.start(), m.end(), m.group())) for m in found]


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` belongs to an abbreviation or an initial."""
    i = dot
    while i > 0 and (text[i - 1].isalnum() or text[i - 1] == "."):
        i -= 1
    word = text[i:dot]
    if not word:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: "John F. Kennedy"
    if "." in word:
        return True  # U.S., a.m., e.g.
    return word.lower() in ABBREVIATIONS
