"""The punctuation checks (PN001-PN006) against their first, slower versions.

The faster versions reorder look-behinds after the character they need and skip articles
with a cheap whole-text pre-check. The reference below is the checks as first written: their
patterns, run through the module's own hit-making code where only a pattern or a pre-check
changed. On generated texts rich in what each rule looks at, the findings must be the same,
hit for hit.
"""

from __future__ import annotations

import itertools
import re

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLES
from lintnews.checks import punctuation as pn
from lintnews.document import Document
from lintnews.model import Edit, Hit

# -- the checks as first written ---------------------------------------------------------------

_BROKEN = re.compile(r"(?<=[A-Za-z])-[ \t]+(?=([A-Za-z][\w’'-]*))")
_DATELINE = re.compile(r"[ \t]*\.-[ \t]+(?=\S)")
_SPACE_BEFORE = re.compile(r"(?<=[A-Za-z0-9%])([ \t]+)([,;:!?]|\.(?![.\w]))")
_NO_SPACE_COMMA = re.compile(r"(?<=[a-z]{2})([,;])(?=[a-z]{2,}\b)")
_NO_SPACE_STOP = re.compile(r"(?<=[a-z]{2})([.!?])(?=[A-Z][a-z]{2,}\b)")
_DOUBLE_SPACE = re.compile(r"(?<=[A-Za-z0-9,;])  (?=[A-Za-z0-9(])")
_CAMEL = re.compile(r"\b([a-z]{2,})([A-Z][a-z]+)\b")
_CAP_TOKEN = re.compile(r"(?<![\w’'\-.])([A-Z][a-z]{3,})(?![\w’'\-]|\.[A-Za-z])")


def _broken_compound(doc):
    return pn._broken_compounds(doc.text, _BROKEN)


def _spanish_dateline(doc, dash="–"):
    return pn._datelines(doc, _DATELINE, dash)


def _space_before(doc):
    text = doc.text
    for m in _SPACE_BEFORE.finditer(text):
        mark = m.group(2)
        after = text[m.end() : m.end() + 1]
        if mark == "." and after == "-":
            continue
        if mark == ":" and after.isdigit():
            continue
        if after in pn._QUOTE_CHARS and after:
            continue
        yield Hit(m.start(1), m.end(2), {"mark": mark}, (mark,), (Edit(m.start(1), m.end(1), ""),))


def _missing_space_after(doc):
    return pn._missing_spaces(doc.text, (_NO_SPACE_COMMA, _NO_SPACE_STOP))


def _doubled_space(doc):
    for m in _DOUBLE_SPACE.finditer(doc.text):
        yield Hit(m.start(), m.end(), {}, (" ",), (Edit(m.start(), m.end(), " "),))


def _run_together(doc, rule=pn.RunTogetherWords()):
    text = doc.text
    names = {w for w in doc.word_texts if w[:1].isupper()}
    for m in _CAMEL.finditer(text):
        left, right = m.group(1), m.group(2)
        if right not in pn.STARTERS:
            continue
        if pn._LINKISH.search(pn._token_around(text, m.start(), m.end())):
            continue
        if rule._is_word(left + right):
            continue
        yield rule._hit(m.start(), left, right)
    splits = {t: rule._split(t, names) for t in set(_CAP_TOKEN.findall(text)) if t.endswith(pn._TAIL_ENDINGS)}
    if not any(splits.values()):
        return
    for m in _CAP_TOKEN.finditer(text):
        split = splits.get(m.group(1))
        if split:
            yield rule._hit(m.start(), *split)


CHECKS = [
    (pn.BrokenCompound(), _broken_compound),
    (pn.SpanishDateline(), _spanish_dateline),
    (pn.SpaceBeforePunctuation(), _space_before),
    (pn.MissingSpaceAfterPunctuation(), _missing_space_after),
    (pn.DoubledSpace(), _doubled_space),
    (pn.RunTogetherWords(), _run_together),
]


def _same_findings(text):
    doc = Document("t.txt", text)
    for new, old in CHECKS:
        assert list(new.check(doc)) == list(old(doc)), (type(new).__name__, text)


# -- generated texts ---------------------------------------------------------------------------

# Words, glued words, names and tail words (PN006), marks, spaces, quotes, digits, web
# addresses and datelines: joined without separators, they glue into every case the rules see.
PIECES = [
    "Mark", "Rutte", "spoke", "Markspoke", "Roble", "she", "has", "Robleshe", "London", "on",
    "said", "he", "The", "However", "friday", "reported", "fridayThe", "iPhone", "teamLab",
    "Then", "Washington", "Marks", "a", "ab", "x", "é", "Élan", "_", "NATO", "EFE", "MADRID",
    "tomorrow", "and", "or", "pre", "U.S", "example", "com", "www", "http://", "@", "#", "/",
    "-", "–", " ", " ", " ", "  ", "   ", "\t", "\n", "\n\n", ",", ";", ":", ".", "!", "?", "...",
    ".-", "%", "(", ")", "’", "'", "“", "”", '"', "«", "3", "12", "2.5",
    "tomorrow- ", "- ", "(EFE) .- ", "\n\nMADRID.- ", "\nMoscow 11 .-\t",
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_punctuation_checks_equal_their_first_versions(pieces):
    _same_findings("".join(pieces))


# Short texts from a few pieces each rule cares about, so that every neighbourhood its
# patterns look at (one letter or two before a mark, a capital after a full stop or a hyphen)
# comes up often.
FOCUSED = {
    "MissingSpaceAfterPunctuation": ["ab", "x", "The", "said", ",", ";", ".", "?", " ", "/", "com"],
    "DoubledSpace": ["ab", "x", "A", "3", ",", ";", ".", "(", "  ", " ", "   ", "\t"],
    "RunTogetherWords": ["Mark", "spoke", "Roble", "she", "Robleshe", "The", "friday", "ab", "iPhone",
                         ".", "-", "'", "’", " ", "\n", "é", "3", "/", "#", "_"],
}


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(sorted(FOCUSED)).flatmap(
    lambda name: st.tuples(st.just(name), st.lists(st.sampled_from(FOCUSED[name]), max_size=16))))
def test_punctuation_checks_equal_their_first_versions_on_focused_texts(case):
    name, pieces = case
    doc = Document("t.txt", "".join(pieces))
    new, old = next((new, old) for new, old in CHECKS if type(new).__name__ == name)
    assert list(new.check(doc)) == list(old(doc))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aAbBzZ -\t\n.,;:!?%’'(”3", max_size=60))
def test_punctuation_checks_equal_their_first_versions_on_characters(text):
    _same_findings(text)


def test_punctuation_checks_equal_their_first_versions_on_the_seeds():
    for path in sorted(SAMPLES.glob("*.txt")):
        _same_findings(path.read_text(encoding="utf-8"))


def test_the_generated_texts_reach_every_rule():
    """The oracle comparison means something only if the pieces can make each rule fire."""
    text = (
        "Moscow, Jan 11 (EFE) .- Mark Rutte arrived tomorrow- Russia , the talks,which ended in"
        " Brussels.The meeting  ended fridayThe vote. Markspoke today."
    )
    doc = Document("t.txt", text)
    for new, old in CHECKS:
        assert list(old(doc)), type(new).__name__
    _same_findings(text)


@pytest.mark.parametrize(
    "text",
    [
        "Roble arrived. Robleshe has left.",  # the name is the article's first word
        "He met Roble.Robleshe said so, Roble agreed.",  # a glued token after a full stop
        "abThe x.The ab.Then ab,ab a,ab",
        "MADRID.- The government\n\nMoscow 11 .-\tRussia (EFE)  .-  It said.",
    ],
)
def test_punctuation_checks_equal_their_first_versions_on_edge_cases(text):
    _same_findings(text)


# -- the patterns alone ------------------------------------------------------------------------

# Each rewritten pattern against the one it replaces, and each pre-check against the pattern
# it stands for, on texts of small pieces: single letters, short words and every mark, so
# that one letter or two before a mark, a capital after a full stop and the like come up often.
SMALL = ["a", "b", "x", "he", "on", "The", "Lond", "A", "T", "é", "3", "_", " ", "  ", "\t", "\n",
         "-", ".", ",", ";", ":", "!", "?", "%", "(", "’", "'", "”"]


def _spans(rx, text):
    return [(m.span(), m.group(), m.groups()) for m in rx.finditer(text)]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(SMALL), max_size=40))
def test_rewritten_patterns_match_what_the_first_ones_matched(pieces):
    text = "".join(pieces)
    assert _spans(pn._BROKEN, text) == _spans(_BROKEN, text)
    assert _spans(pn._DOUBLE_SPACE, text) == _spans(_DOUBLE_SPACE, text)
    assert _spans(pn._NO_SPACE_COMMA, text) == _spans(_NO_SPACE_COMMA, text)
    assert _spans(pn._NO_SPACE_STOP, text) == _spans(_NO_SPACE_STOP, text)
    assert [m.span() for m in pn._CAP_TOKEN.finditer(text)] == [m.span() for m in _CAP_TOKEN.finditer(text)]
    assert pn._CAP_TOKEN.findall(text) == _CAP_TOKEN.findall(text)


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(SMALL), max_size=40))
def test_pre_checks_find_something_whenever_the_scan_would(pieces):
    text = "".join(pieces)
    assert bool(pn._SPACE_THEN_MARK.search(text)) >= bool(_SPACE_BEFORE.search(text))
    either = bool(_NO_SPACE_COMMA.search(text) or _NO_SPACE_STOP.search(text))
    assert bool(pn._NO_SPACE_EITHER.search(text)) == either  # the union: neither more nor less
    assert [m.start(2) for m in _CAMEL.finditer(text)] == [
        m.start() for m in pn._CAMEL_RIGHT.finditer(text) if _CAMEL.match(text, _word_start(text, m.start()))
    ]


def _word_start(text, k):
    while k and (text[k - 1].isalnum() or text[k - 1] == "_"):
        k -= 1
    return k


# Every short string over an alphabet of the characters a pattern distinguishes: what the
# patterns look at is at most a few characters either side, so this covers each case.
def _all_strings(alphabet, longest):
    for n in range(longest + 1):
        for chars in itertools.product(alphabet, repeat=n):
            yield "".join(chars)


@pytest.mark.parametrize(
    "new, old, alphabet, longest",
    [
        ("_BROKEN", _BROKEN, "aA3-. \t’é", 5),
        ("_DOUBLE_SPACE", _DOUBLE_SPACE, "aA3,;(. \t", 5),
        ("_NO_SPACE_COMMA", _NO_SPACE_COMMA, "aA3,;. é", 5),
        ("_NO_SPACE_STOP", _NO_SPACE_STOP, "aA3.!?, é", 5),
        ("_CAP_TOKEN", _CAP_TOKEN, "Aa.'’-é ", 6),
    ],
)
def test_rewritten_patterns_match_what_the_first_ones_matched_on_every_short_string(new, old, alphabet, longest):
    rx = getattr(pn, new)
    for text in _all_strings(alphabet, longest):
        assert [m.span() for m in rx.finditer(text)] == [m.span() for m in old.finditer(text)], text
        assert rx.findall(text) == old.findall(text), text


def test_pre_checks_find_something_whenever_the_scan_would_on_every_short_string():
    for text in _all_strings("aA3.,:; \t%", 4):
        assert bool(pn._SPACE_THEN_MARK.search(text)) >= bool(_SPACE_BEFORE.search(text)), text
    for text in _all_strings("aA3,;.!? é", 5):
        either = bool(_NO_SPACE_COMMA.search(text) or _NO_SPACE_STOP.search(text))
        assert bool(pn._NO_SPACE_EITHER.search(text)) == either, text
    for text in _all_strings("aA é3", 6):
        rights = {m.start() for m in pn._CAMEL_RIGHT.finditer(text)}
        assert all(m.start(2) in rights for m in _CAMEL.finditer(text)), text
