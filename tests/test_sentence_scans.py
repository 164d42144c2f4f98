"""The sentence rules' faster scans find what the first, plainer ones found.

Each oracle below is the code as first written (every paragraph, every sentence visited), kept
here to compare the faster one with on generated texts rich in what the rule looks at."""

from __future__ import annotations

import operator
import re
import sys
from bisect import bisect_right

from hypothesis import event, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from lintnews.checks import sentence
from lintnews.checks.sentence import (
    _doubled as _doubled_pattern,
    CapitalAfterQuote,
    DoubledAttribution,
    LowercaseStart,
    RepeatedPhrase,
    _may_double,
    _midsentence_capitals,
)
from lintnews.document import Document

SAMPLES = sorted((ROOT / "samples").rglob("*.txt"))


def _texts(pieces):
    return st.lists(st.sampled_from(pieces), max_size=40).map("".join)


# -- SN001 ----------------------------------------------------------------------------------


def _lowercase_starts(doc):
    return list(LowercaseStart().check(doc))


def _lowercase_starts_oracle(doc):
    """LowercaseStart.check as first written: every pair of sentences visited."""
    saved = sentence._STOP_THEN_LOWER
    sentence._STOP_THEN_LOWER = re.compile("")  # matches every text: no pre-check
    try:
        return list(LowercaseStart().check(doc))
    finally:
        sentence._STOP_THEN_LOWER = saved


_LOWERCASE_PIECES = ["He added. ", "x y.", ". he", ".\xa0it", "he said", "He said", "the regions", "x", "a", "A",
                     "iPhone", "eBay", "it's", "-ab", "U.S.", "Dr.", "e.g.", "3.5", "www.x.com", ".", "..", "...",
                     "!", "?", "”", "\"", " ", "  ", "\t", "\n", "\xa0", "\u2028", "\r", "\x0b", "é", "ıt", "Ab"]


@settings(max_examples=1500, deadline=None)
@given(_texts(_LOWERCASE_PIECES))
def test_lowercase_start_precheck_skips_only_articles_without_one(text):
    found = _lowercase_starts_oracle(Document("t.txt", text))
    event(f"lower-case start: {bool(found)}")
    assert _lowercase_starts(Document("t.txt", text)) == found


def test_lowercase_start_seeds():
    assert _lowercase_starts(Document("t.txt", "He added. he said."))
    assert _lowercase_starts(Document("t.txt", "He added.\xa0he said."))
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        assert _lowercase_starts(Document(path.name, text)) == _lowercase_starts_oracle(Document(path.name, text))


# -- SN002 ----------------------------------------------------------------------------------


def _doubled_in_every_paragraph(doc):
    """DoubledAttribution.check as first written: the pattern run on every paragraph."""
    text = doc.text
    for para in doc.paragraphs:
        for m in _doubled_pattern().finditer(text, para.start, para.end):
            yield m.span(4), m.span(2), m.span(5), m.groups()


def _doubled(doc):
    return list(DoubledAttribution().check(doc))


def _doubled_oracle(doc):
    rule = DoubledAttribution()
    saved = sentence._SECOND_ATTRIBUTION
    sentence._SECOND_ATTRIBUTION = re.compile("")  # matches every text: no pre-check
    try:
        return list(rule.check(doc))
    finally:
        sentence._SECOND_ATTRIBUTION = saved


# Runs of (words, punctuation, space), so that attributions often follow one another.
_ATTRIBUTION_TEXTS = st.lists(
    st.tuples(
        st.sampled_from(["he said", "He said", "SHE ADDED", "they say", "We told", "ıt said", "it", "x",
                         "cheese said", "“x”", ""]),
        st.sampled_from([".", ",", ";", ":", ""]),
        st.sampled_from([" ", "  ", "\t", "\n", " “", "", "x"]),
    ).map("".join),
    max_size=12,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_ATTRIBUTION_TEXTS)
def test_doubled_attribution_precheck_skips_only_articles_without_one(text):
    doc = Document("t.txt", text)
    found = list(_doubled_in_every_paragraph(doc))
    event(f"doubled: {bool(found)}")
    assert _doubled(doc) == _doubled_oracle(Document("t.txt", text))
    if found:  # the pre-check itself, not only the findings
        assert sentence._SECOND_ATTRIBUTION.search(doc.text)


def test_doubled_attribution_seeds():
    assert _doubled(Document("t.txt", "“Go,” he added. he said. “Then.”"))
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        assert _doubled(Document(path.name, text)) == _doubled_oracle(Document(path.name, text))


# -- SN003 ----------------------------------------------------------------------------------

_OLD_REPEAT_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\w \t“”\"‘’'«»(\[]")


class _RepeatedPhraseEveryParagraph(RepeatedPhrase):
    """RepeatedPhrase as first written: the whole text checked, then every paragraph."""

    def check(self, doc):
        text = doc.text
        if not self._repeats(text):
            return
        for para in doc.paragraphs:
            if self._repeats(text[para.start : para.end]):
                yield from self._paragraph_hits(text, para)

    def _repeats(self, text):
        low = text.lower()
        if len(low) == len(text):
            lows = _OLD_REPEAT_TOKEN.findall(low)
        else:
            lows = [t.lower() for t in _OLD_REPEAT_TOKEN.findall(text)]
        same_at = {}
        for n in range(1, self.max_words + 1):
            for k in (n, n + 1) if n > 1 else (n,):
                same = same_at.get(k)
                if same is None:
                    same = same_at[k] = bytes(map(operator.eq, lows, lows[k:]))
                at = same.find(b"\x01" * n)
                while at >= 0:
                    if n > 1 or _may_double(lows[at]):
                        return True
                    at = same.find(b"\x01", at + 1)
        return False


_REPEAT_PIECES = ["the ", "The ", "to ", "on ", "a ", "A ", "had ", "1 ", "x ", "x-y ", "don't ", "İ ", "Σ ",
                  "ΑΣ ", "σ ", "the", "to", "x", "-", "'", "’", "“", "”", "\"", "(", ")", "[", ".", ",", " ",
                  "\t", "\n", "\n\n", "\xa0", "\r", "\x0b", "\u2028", "_"]
# Repeated words and phrases with punctuation, gap words and a capital sigma that lowers to ς
# or σ by what follows it ("aΣ aΣ‘a": the same word lowered alone, not in the text).
_PHRASE_PIECES = ["the cost ", "the cost", "cost ", "Bern", "bern ", "of ", "on ", "and ", "x ", "a ", "aΣ",
                  "aΣ aΣ‘a", "aς ", "aσ ", "‘a", "‘", "“", "”", "(", ",", ", ", ".", "...", " ", "\n", "\xa0", "\r",
                  "İ"]


def _hit_lines_hold(text, max_words):
    """_hit_lines names every line whose paragraph has a finding, and only lines whose
    paragraph _repeats (check does not ask again)."""
    new, old = RepeatedPhrase(max_words), _RepeatedPhraseEveryParagraph(max_words)
    doc = Document("t.txt", text)
    lines = new._hit_lines(doc.text)
    if lines is None:
        return
    line_of = {bisect_right(doc.line_starts, para.start) - 1: para for para in doc.paragraphs}
    for number in lines:
        para = line_of[number]
        assert old._repeats(doc.text[para.start : para.end])
    for hit in old.check(doc):
        assert bisect_right(doc.line_starts, hit.start) - 1 in lines


@settings(max_examples=1500, deadline=None)
@given(_texts(_REPEAT_PIECES), st.integers(1, 5))
def test_repeated_phrase_line_scan_equals_every_paragraph(text, max_words):
    new, old = RepeatedPhrase(max_words), _RepeatedPhraseEveryParagraph(max_words)
    assert new._repeats(text) == old._repeats(text)
    found = list(old.check(Document("t.txt", text)))
    event(f"repeated: {bool(found)}")
    assert list(new.check(Document("t.txt", text))) == found
    _hit_lines_hold(text, max_words)


@settings(max_examples=1500, deadline=None)
@given(_texts(_PHRASE_PIECES), st.integers(1, 5))
def test_repeated_phrase_lines_of_words_equal_every_paragraph(text, max_words):
    new, old = RepeatedPhrase(max_words), _RepeatedPhraseEveryParagraph(max_words)
    found = list(old.check(Document("t.txt", text)))
    event(f"repeated: {bool(found)}")
    event(f"runs without a finding: {not found and old._repeats(text)}")
    assert list(new.check(Document("t.txt", text))) == found
    _hit_lines_hold(text, max_words)


def test_repeated_phrase_capital_sigma():
    # "aΣ aΣ" is said twice (each word lowered alone: aς aς), but the text lowers to
    # "aς aσ‘a" and its only run is "a, x, x": the line has no run of words.
    for text in ["aΣ aΣ‘a, x, x", "aΣ aΣ‘a, x, x\nx"]:
        found = list(_RepeatedPhraseEveryParagraph().check(Document("t.txt", text)))
        assert found
        assert list(RepeatedPhrase().check(Document("t.txt", text))) == found
        _hit_lines_hold(text, 4)


def test_lowering_keeps_repeat_tokens():
    """_hit_lines takes the text's tokens, lowered with the text, for the findings' words
    lowered one by one: lowering a letter to one character must keep word characters word
    characters and leave the other characters the tokens are cut at as they are."""
    word = re.compile(r"\w").match
    cut_at = set(" \t“”\"‘’'«»([-\n")
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        low = char.lower()
        if len(low) == 1:
            assert bool(word(char)) == bool(word(low)), hex(point)
            assert (char in cut_at) == (low in cut_at), hex(point)


def test_repeated_phrase_seeds():
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        new, old = RepeatedPhrase(), _RepeatedPhraseEveryParagraph()
        assert list(new.check(Document(path.name, text))) == list(old.check(Document(path.name, text)))


# -- SN004 ----------------------------------------------------------------------------------


def _midsentence_capitals_every_sentence(doc):
    """_midsentence_capitals as first written: each sentence matched alone, every quotation
    tried for each word."""
    from lintnews.checks.quotes import quote_marks

    text = doc.text
    quoted, opener = [], None
    for mark in quote_marks(doc):
        if mark.role == "open" and mark.problem is None:
            opener = mark.pos
        elif mark.role == "close" and opener is not None:
            quoted.append((opener, mark.pos))
            opener = None
    found = set()
    for sent in doc.sentences:
        for m in re.finditer(r"(?<=[a-z,;] )([A-Z][a-z]+)", text[sent.start : sent.end]):
            pos = sent.start + m.start()
            if not any(a < pos < b for a, b in quoted):
                found.add(m.group(1))
    return frozenset(found)


_CAPITAL_PIECES = ["Word", "and Word", "a Name", ", Main", "; Ab", "x ", "the ", ",", ";", ".", "!", "?", "…",
                   " ", "  ", "\n", " “", "“", "”", "\"", "«", "»", ")", "Dr.", "U.S.", "İs", "e.g.", "3.5",
                   "its “Main opponent”", "a “Frank and direct” talk", " “Word of x”"]


@settings(max_examples=1500, deadline=None)
@given(_texts(_CAPITAL_PIECES))
def test_midsentence_capitals_scan_equals_every_sentence(text):
    names = _midsentence_capitals_every_sentence(Document("t.txt", text))
    event(f"names: {bool(names)}")
    assert _midsentence_capitals(Document("t.txt", text)) == names
    # names worked out only when needed: the same findings as with them known up front
    known = Document("t.txt", text)
    known.facts["_midsentence_capitals"] = names
    found = list(CapitalAfterQuote().check(known))
    event(f"capital after quote: {bool(found)}")
    assert list(CapitalAfterQuote().check(Document("t.txt", text))) == found


def test_midsentence_capitals_seeds():
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        doc = Document(path.name, text)
        assert _midsentence_capitals(doc) == _midsentence_capitals_every_sentence(Document(path.name, text))
