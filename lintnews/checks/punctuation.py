"""Punctuation and spacing left by translation: a compound broken at its hyphen
(``tomorrow- Russia``), a Spanish dateline (``(EFE) .-``), a space before a comma or a full
stop, a missing space after one, a doubled space between words, and words run together where
a space or a line break was lost (``fridayThe``, ``Markspoke today``).

Quote marks are the quote rules' business (QT*): these detectors leave spans that touch a
double quote mark alone, so that ``yet, ”admitted`` is reported once, by QT003.
"""

from __future__ import annotations

import re
from typing import Iterator

from lintnews.model import Edit, Hit

_QUOTE_CHARS = "“”\"«»"

# "tomorrow- Russia": a letter, a hyphen, a space, a letter; not a suspended compound
# ("medium- and shorter-range", "pre- or post-war").
#
# Speed: several patterns here open with the rare character they need and check the
# character before it with a look-behind placed after it ("-(?<=[A-Za-z]-)" rather than
# "(?<=[A-Za-z])-"). Both accept exactly the same positions and spans, but a pattern that
# opens with a literal or a character class lets the regex engine skip to the next candidate
# character in C, where a leading look-behind is tried at every position of the text.
_BROKEN = re.compile(r"-(?<=[A-Za-z]-)[ \t]+(?=([A-Za-z][\w’'-]*))")
_SUSPENDED = frozenset({"and", "or", "to", "nor", "as", "&"})


class BrokenCompound:
    """A hyphen with a space after it and none before: ``tomorrow- Russia``."""

    def check(self, doc):
        yield from _broken_compounds(doc.text, _BROKEN)


def _broken_compounds(text: str, pattern: re.Pattern) -> Iterator[Hit]:
    for m in pattern.finditer(text):
        nxt = m.group(1)
        if nxt.lower() in _SUSPENDED:
            continue
        lm = re.search(r"[\w’'.-]+$", text[max(0, m.start() - 40) : m.start()])
        left = lm.group() if lm else ""
        rm = re.match(r"[\w’'.-]+", text[m.end() :])
        nxt = rm.group() if rm else nxt
        if nxt.endswith(".") and nxt.count(".") == 1:
            nxt = nxt[:-1]  # a full stop ending the sentence, not an abbreviation
        yield Hit(m.start(), m.end(), {"left": left, "right": nxt}, (f"{left}-{nxt}", f"{left} – {nxt}"))


# "Moscow, Jan 11 (EFE) .- Russian": the Spanish agency dateline ".-"
_DATELINE = re.compile(r"[ \t]*\.-[ \t]+(?=\S)")


class SpanishDateline:
    """The Spanish dateline separator ``.-`` (``Moscow, Jan 11 (EFE) .- Russian…``). English
    wire copy puts a dash after the dateline: ``Moscow, Jan 11 (EFE) – Russian…``."""

    def __init__(self, dash: str = "–"):
        self.dash = dash

    def check(self, doc):
        if ".-" in doc.text:  # every _DATELINE match contains ".-"
            yield from _datelines(doc, _DATELINE, self.dash)


def _datelines(doc, pattern: re.Pattern, dash: str) -> Iterator[Hit]:
    text = doc.text
    for para in doc.paragraphs:
        # Only in a paragraph's opening words, where a dateline sits.
        head_end = min(para.end, para.start + 120)
        m = pattern.search(text, para.start, head_end)
        if not m or m.start() == para.start:
            continue
        before = text[para.start : m.start()]
        if not (before.endswith(")") or re.search(r"\d$|[A-Z]{2,}$", before)):
            continue
        mark = m.start() + m.group().index(".")
        yield Hit(mark, mark + 2, {"mark": ".-"}, (f" {dash} ",), (Edit(m.start(), m.end(), f" {dash} "),))


# A space before , ; : ! ? or a sentence-final full stop.
_SPACE_BEFORE = re.compile(r"(?<=[A-Za-z0-9%])([ \t]+)([,;:!?]|\.(?![.\w]))")
# What every _SPACE_BEFORE match contains: a space or tab right before one of the marks.
# Few articles have one, and this pattern opens with the rare mark (look-behind after it, as
# in _BROKEN), so it rules the others out faster than the full pattern can scan them.
_SPACE_THEN_MARK = re.compile(r"[,;:!?.](?<=[ \t][,;:!?.])")


class SpaceBeforePunctuation:
    """A space before a comma, semicolon, colon, question or exclamation mark or a full stop:
    ``said ,``, ``why ?`` (French typography puts spaces before ; : ! ?; English does not).
    An ellipsis, a decimal (``.5``), a domain (``.com``) and a dateline ``.-`` are left alone."""

    def check(self, doc):
        text = doc.text
        if not _SPACE_THEN_MARK.search(text):
            return
        for m in _SPACE_BEFORE.finditer(text):
            mark = m.group(2)
            after = text[m.end() : m.end() + 1]
            if mark == "." and after == "-":
                continue  # a Spanish dateline: PN002
            if mark == ":" and after.isdigit():
                continue  # a score or a time written "3 :1"
            if after in _QUOTE_CHARS and after:
                continue
            yield Hit(m.start(1), m.end(2), {"mark": mark}, (mark,), (Edit(m.start(1), m.end(1), ""),))


# "the talks,which" / "in Brussels.The meeting": a space lost after punctuation.
# The mark first, the two letters before it checked after it (see _BROKEN).
_NO_SPACE_COMMA = re.compile(r"([,;])(?<=[a-z]{2}[,;])(?=[a-z]{2,}\b)")
_NO_SPACE_STOP = re.compile(r"([.!?])(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]{2,}\b)")
# Either of the two, in one scan: few articles have one, so most skip both scans.
_NO_SPACE_EITHER = re.compile(
    r"[,;.!?](?<=[a-z]{2}.)(?:(?<=[,;])(?=[a-z]{2,}\b)|(?<=[.!?])(?=[A-Z][a-z]{2,}\b))"
)


class MissingSpaceAfterPunctuation:
    """No space after a comma, a semicolon or a sentence-ending mark:
    ``the talks,which``, ``in Brussels.The meeting``. Web addresses and file names
    (``example.com``, ``Amazon.Com`` in a link) and abbreviations are left alone."""

    def check(self, doc):
        if _NO_SPACE_EITHER.search(doc.text):
            yield from _missing_spaces(doc.text, (_NO_SPACE_COMMA, _NO_SPACE_STOP))


def _missing_spaces(text: str, patterns) -> Iterator[Hit]:
    """The matches of each pattern in turn, but those inside a web address or file name."""
    for rx in patterns:
        for m in rx.finditer(text):
            ws = max(text.rfind(" ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
            we = len(text)
            for stop in (" ", "\n", "\t"):
                k = text.find(stop, m.end())
                if k != -1:
                    we = min(we, k)
            token = text[ws:we]
            if re.search(r"(?i)https?:|www\.|@|/|\.(?:com|org|net|gov|edu|int|html?|php|pdf)\b", token):
                continue
            mark = m.group(1)
            yield Hit(m.start(), m.end(), {"mark": mark}, (mark + " ",), (Edit(m.end(), m.end(), " "),))


# Exactly two spaces between words or after a comma (two after a full stop is a typing
# convention, and wider gaps align columns or menus).
_DOUBLE_SPACE = re.compile(r"  (?<=[A-Za-z0-9,;]  )(?=[A-Za-z0-9(])")  # look-behind after: see _BROKEN


class DoubledSpace:
    """Two spaces between two words: ``the  meeting``."""

    def check(self, doc):
        for m in _DOUBLE_SPACE.finditer(doc.text):
            yield Hit(m.start(), m.end(), {}, (" ",), (Edit(m.start(), m.end(), " "),))


# "fridayThe": a lower-case word of two or more letters glued to a capitalised one.
_CAMEL = re.compile(r"\b([a-z]{2,})([A-Z][a-z]+)\b")
# The right-hand word of every _CAMEL match, found faster (it opens with the capital, with the
# two lower-case letters before it in a look-behind after it, as in _BROKEN). A match of
# _CAMEL is a whole word, so its right-hand word is a match of this pattern too: an article
# none of whose matches is a sentence starter has no "fridayThe".
_CAMEL_RIGHT = re.compile(r"[A-Z](?<=[a-z]{2}[A-Z])[a-z]+(?!\w)")
# A capitalised word of four or more letters standing alone: not after a letter, an
# apostrophe, a hyphen or a full stop (the look-behind follows the capital, as in _BROKEN).
_CAP_TOKEN = re.compile(r"[A-Z](?<![\w’'\-.][A-Z])[a-z]{3,}(?![\w’'\-]|\.[A-Za-z])")
# Words that start a sentence: "fridayThe", "reportedHowever".
STARTERS = frozenset(
    """The A An He She It They We I This That These Those There His Her Its Their Our In On At
    For From With By But And Or So Yet However Meanwhile According After Before When While As
    If Although Since Despite During Earlier Later Last Next Some Many Most Mr Mrs Ms""".split()
)
# What follows a name in news copy: "Markspoke today", "Robleshe has".
TAILS = frozenset(
    """he she it they we said says say spoke speaks told tells added adds asked stated noted
    warned explained has had have is was were are will would can could should may might must
    did does and or but the of in on at to for with from by also met meets""".split()
)
_TAIL_ENDINGS = tuple(TAILS)
_LINKISH = re.compile(r"(?i)https?:|www\.|@|/|#|\.\w")


def _token_around(text, start, end):
    ws = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [k for k in (text.find(" ", end), text.find("\n", end)) if k != -1]
    return text[ws : min(ends) if ends else len(text)]


class RunTogetherWords:
    """Two words run together where a space or a line break was lost: ``fridayThe`` (a
    lower-case word glued to a word that starts sentences) and ``Markspoke`` (a name the article uses on its own glued to a word that follows
    names: a pronoun, a speech verb, an auxiliary, a preposition). The glued token must not be
    an English word (wordfreq Zipf frequency at most ``max_word_zipf``). Camel-case brands
    (iPhone, YouTube, teamLab), web addresses, domains and hashtags are left alone."""

    def __init__(self, max_word_zipf: float = 1.5):
        self.max_word_zipf = max_word_zipf

    def check(self, doc):
        text = doc.text
        if any(m.group() in STARTERS for m in _CAMEL_RIGHT.finditer(text)):
            yield from self._camel_hits(text)
        # Capitalised tokens ending in a tail word, split once each; located only if any splits.
        candidates = [t for t in set(_CAP_TOKEN.findall(text)) if t.endswith(_TAIL_ENDINGS)]
        if not candidates:
            return
        # The heads are capitalised, so a head is in the article's capitalised words exactly
        # when it is among all its words: no need to keep only the capitalised ones.
        names = set(doc.word_texts)
        splits = {t: self._split(t, names) for t in candidates}
        if not any(splits.values()):
            return
        for m in _CAP_TOKEN.finditer(text):
            split = splits.get(m.group())
            if split:
                yield self._hit(m.start(), *split)

    def _camel_hits(self, text):
        for m in _CAMEL.finditer(text):
            left, right = m.group(1), m.group(2)
            if right not in STARTERS:
                continue
            if _LINKISH.search(_token_around(text, m.start(), m.end())):
                continue
            if self._is_word(left + right):
                continue
            yield self._hit(m.start(), left, right)

    def _is_word(self, token):
        from lintnews.checks.names import english_zipf  # wordfreq's numbers, from the table on disk

        return english_zipf(token.lower()) > self.max_word_zipf

    @staticmethod
    def _hit(start, left, right):
        join = start + len(left)
        return Hit(start, join + len(right), {"left": left, "right": right},
                   (f"{left} {right}",), (Edit(join, join, " "),))

    def _split(self, token, names):
        for k in range(len(token) - 2, 2, -1):
            head, tail = token[:k], token[k:]
            if head in names and tail in TAILS:
                return None if self._is_word(token) else (head, tail)
        return None
