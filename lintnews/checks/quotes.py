"""Double quotation marks: orientation, spacing, balance and mixed styles.

One scan per paragraph classifies every double quote mark (shared by the quote rules through
``quote_marks``); each rule then reports one kind of defect. English does not nest double
quotes, so an opening mark while a quotation is open is either a misoriented closing mark or
a sign that the earlier quotation was never closed; the text after it decides which.
A paragraph may end inside a quotation when the next paragraph opens with a quote mark (the
convention for a quotation running over several paragraphs); a quotation that machine
translation closes one paragraph later without that mark is followed into the next paragraph.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from lintnews.model import Edit, Hit

OPEN, CLOSE, STRAIGHT = "“", "”", '"'
QUOTES = OPEN + CLOSE + STRAIGHT
_QUOTE_RE = re.compile("[“”\"]")
_LEFT_BREAK = "([{—–-/"
_RIGHT_BREAK = ".,;:!?)]}…—–-/"


@dataclass(frozen=True)
class Mark:
    pos: int
    char: str
    role: str  # "open" or "close": what the mark does in the quotation
    problem: str | None = None  # misoriented-close, misoriented-open, space-before-close, unclosed, stray-close


def _is_space(ch: str | None) -> bool:
    return ch is None or ch.isspace()


def quote_marks(doc) -> list[Mark]:
    """Every double quote mark of the document with its role and problem (memoised)."""
    cached = doc.facts.get("_quote_marks")
    if cached is None:
        cached = doc.facts["_quote_marks"] = list(_scan(doc))
    return cached


def _scan(doc, skip_quiet: bool = True):
    """The marks of every paragraph in turn. A paragraph without a mark, while no quotation is
    carried over from the one before, yields nothing: it is skipped (``skip_quiet``)."""
    text = doc.text
    paras = doc.paragraphs
    every = [m.start() for m in _QUOTE_RE.finditer(text)]  # one pass; paragraphs take their share
    if not every:
        return
    carried: int | None = None  # an opener left open by the previous paragraph
    for index, para in enumerate(paras):
        first = bisect_left(every, para.start)
        if skip_quiet and carried is None and (first == len(every) or every[first] >= para.end):
            continue  # no mark and nothing open: nothing to say about this paragraph
        positions = every[first : bisect_left(every, para.end, first)]
        opener: int | None = carried
        for n, i in enumerate(positions):
            ch = text[i]
            prev = text[i - 1] if i > para.start else None
            nxt = text[i + 1] if i + 1 < para.end else None
            if ch == STRAIGHT:
                if opener is None:
                    opener = i
                    yield Mark(i, ch, "open")
                else:
                    opener = None
                    yield Mark(i, ch, "close")
                continue
            if ch == OPEN:
                if opener is None:
                    opener = i
                    yield Mark(i, ch, "open")
                    continue
                # An opening mark inside an open quotation.
                later = [text[j] for j in positions[n + 1 :]]
                closes_later = later[:1] and later[0] in (CLOSE, STRAIGHT)
                if closes_later and not _is_space(nxt):
                    # “a, “b” : the first quotation was never closed; this one opens.
                    yield Mark(opener, text[opener], "open", "unclosed")
                    opener = i
                    yield Mark(i, ch, "open")
                else:
                    opener = None
                    yield Mark(i, ch, "close", "misoriented-close")
                continue
            # ch == CLOSE
            if opener is not None:
                opener = None
                if _is_space(prev) and prev is not None:
                    yield Mark(i, ch, "close", "space-before-close")
                else:
                    yield Mark(i, ch, "close")
            elif _is_space(prev) and not _is_space(nxt) and nxt not in _RIGHT_BREAK:
                opener = i
                yield Mark(i, ch, "open", "misoriented-open")
            else:
                yield Mark(i, ch, "close", "stray-close")
        if carried is not None and opener == carried:
            # Still open a paragraph later: the quotation was never closed.
            yield Mark(opener, text[opener], "open", "unclosed")
            opener = None
        carried = None
        if opener is not None:
            following = paras[index + 1] if index + 1 < len(paras) else None
            if following is None:
                yield Mark(opener, text[opener], "open", "unclosed")
            elif text[following.start] not in (OPEN, STRAIGHT):
                # Sloppy translations close a quotation in the next paragraph without the
                # continuation mark; let the next paragraph close it, or report it there.
                carried = opener


def _marks_with(doc, problem: str):
    # An "unclosed" opener is reported after its "open" mark; keep only the problem entries.
    return [m for m in quote_marks(doc) if m.problem == problem]


class Misoriented:
    """An opening mark “ used to close a quotation: ``Europe, “Fomin warned``."""

    def check(self, doc):
        text = doc.text
        for m in _marks_with(doc, "misoriented-close"):
            i = m.pos
            start, content = i, CLOSE
            while start > 0 and text[start - 1] in " \t":
                start -= 1  # "Europe, “Fomin" -> "Europe,” Fomin" (every space before it)
            if start < i:
                after = text[i + 1] if i + 1 < len(text) else ""
                if after and not after.isspace():
                    content = CLOSE + " "
            yield Hit(i, i + 1, {"mark": m.char}, (CLOSE,), (Edit(start, i + 1, content),))


class MisorientedOpen:
    """A closing mark ” used to open a quotation: ``said ”we``."""

    def check(self, doc):
        for m in _marks_with(doc, "misoriented-open"):
            yield Hit(m.pos, m.pos + 1, {"mark": m.char}, (OPEN,), (Edit(m.pos, m.pos + 1, OPEN),))


class SpaceBeforeClose:
    """A space between the quoted words and the closing mark: ``everyone ”,``."""

    def check(self, doc):
        text = doc.text
        for m in _marks_with(doc, "space-before-close"):
            i = m.pos
            start = i
            while start > 0 and text[start - 1] in " \t":
                start -= 1
            after = text[i + 1] if i + 1 < len(text) else ""
            # "yet, ”admitted" -> "yet,” admitted": the space belongs after the mark.
            content = m.char + (" " if after.isalnum() else "")
            yield Hit(start, i + 1, {"mark": m.char}, (content,), (Edit(start, i + 1, content),))


class Unbalanced:
    """A quotation opened and never closed in its paragraph, or a closing mark with no opening."""

    def check(self, doc):
        for m in quote_marks(doc):
            if m.problem == "unclosed":
                yield Hit(m.pos, m.pos + 1, {"what": f"Quotation opened with {m.char} is not closed"})
            elif m.problem == "stray-close":
                yield Hit(m.pos, m.pos + 1, {"what": f"Closing quote {m.char} has no opening quote"})


class MixedStyles:
    """Straight and typographic double quotes in one article: the minority style is flagged
    and converted to the majority style, oriented by its role in the quotation."""

    def check(self, doc):
        marks = [m for m in quote_marks(doc) if m.problem != "unclosed"]
        straight = [m for m in marks if m.char == STRAIGHT]
        curly = [m for m in marks if m.char != STRAIGHT]
        if not straight or not curly:
            return
        to_curly = len(curly) >= len(straight)
        for m in straight if to_curly else curly:
            if to_curly:
                new = OPEN if m.role == "open" else CLOSE
                style, other = "straight", "typographic"
            else:
                new = STRAIGHT
                style, other = "typographic", "straight"
            yield Hit(
                m.pos, m.pos + 1,
                {"style": style, "majority": other, "straight": len(straight), "curly": len(curly)},
                (new,), (Edit(m.pos, m.pos + 1, new),),
            )
