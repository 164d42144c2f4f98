"""Sentence structure that machine translation breaks: a lower-case start after a full stop,
a speech attribution said twice, words or phrases repeated, a capital letter right after an
opening quote in mid-sentence.

Every detector works inside one paragraph (a line of a news page) and leans on
``Document.sentences``, which already knows abbreviations (U.S., Dr., Jan., a.m.), initials
and decimals, so that a full stop inside them never starts a sentence.
"""

from __future__ import annotations

import operator
import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import islice

from lintnews.document import tokens
from lintnews.model import Edit, Hit

# Verbs that introduce or follow quoted speech in news copy.
SPEECH_VERBS = frozenset(
    """said says say added adds told tells stated states asked asks declared declares stressed
    stresses warned warns explained explains noted notes insisted insists wrote writes replied
    replies answered answers argued argues continued continues recalled recalls admitted admits
    acknowledged acknowledges affirmed affirms concluded concludes emphasized emphasised
    emphasizes emphasises remarked remarks commented comments announced announces claimed
    claims observed observes pointed underlined underlines assured assures reiterated
    reiterates indicated indicates predicted predicts summarized summarised summarizes
    summarises clarified clarifies revealed reveals confirmed confirms urged urges
    tweeted tweets shouted shouts shouting chanted chanting saying reading reads read""".split()
)
# Words after which a quotation is a name, a title or a defined term: ``the slogan “Death
# to…”``, ``the name “Edalat Ali”``, ``referred to as the “Report”``.
NAMING_WORDS = frozenset(
    """as name named names called calls dubbed titled entitled headlined slogan slogans motto
    title titles headline headlines word words banner theme hashtag nickname nicknamed
    brand label labelled labeled sign signs poster posters caption""".split()
)
# Function words: lower-case in English titles and headlines, never evidence of title case.
FUNCTION_WORDS = frozenset(
    """a an the and or nor but for so yet of in on at to by from with without against about
    as into onto over under than that this these those its it is are was were be been his her
    their our your my not no via per up down off out""".split()
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
# What every lower-case start has: a full stop, white space only (what str.strip takes off,
# the characters regex \s matches) and a lower-case letter a-z.
_STOP_THEN_LOWER = re.compile(r"\.\s*[a-z]")
# A capitalised word after a lower-case letter, a comma or a semicolon and one space.
_MIDSENTENCE_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")


def _words_before(text: str, pos: int, start: int) -> str:
    """The word just before ``pos`` (skipping spaces) within ``[start, pos)``, or ''."""
    i = pos
    while i > start and text[i - 1] in " \t":
        i -= 1
    j = i
    while j > start and (text[j - 1].isalnum() or text[j - 1] in "-'’"):
        j -= 1
    return text[j:i]


def _paragraph_sentences(doc):
    """Sentences grouped by paragraph: ``[(para, [spans])]`` (memoised)."""
    cached = doc.facts.get("_para_sentences")
    if cached is None:
        sentences = doc.sentences
        cached = []
        k = 0
        for para in doc.paragraphs:
            group = []
            while k < len(sentences) and sentences[k].start < para.end:
                if sentences[k].start >= para.start:
                    group.append(sentences[k])
                k += 1
            cached.append((para, group))
        doc.facts["_para_sentences"] = cached
    return cached


class LowercaseStart:
    """A sentence that starts with a lower-case word right after a full stop:
    ``he added. he said.``, ``the regions. separatists from Donetsk``.

    The previous sentence must end in a bare full stop (not an ellipsis, a question mark or a
    quotation), must be more than a list number, and the word must be wholly lower-case
    (``iPhone`` and ``eBay`` start lower-case by design)."""

    def check(self, doc):
        text = doc.text
        if not _STOP_THEN_LOWER.search(text):
            return  # most articles (a finding is ".", white space, a word matching _WORD and lower-case)
        for _para, sentences in _paragraph_sentences(doc):
            for prev, sent in zip(sentences, sentences[1:]):
                ptext = text[prev.start : prev.end]
                if not ptext.endswith(".") or ptext.endswith("..") or len(ptext.split()) < 2:
                    continue
                m = _WORD.match(text, sent.start)
                if not m:
                    continue
                word = m.group()
                if not word.islower() or len(word) == 1 and word != "a":
                    continue
                # "www.example.com" or a file name: no space after the dot means no sentence.
                if text[prev.end - 1 : sent.start].strip() != ".":
                    continue
                first = word[0].upper() + word[1:]
                yield Hit(
                    m.start(), m.end(), {"word": word},
                    (first,), (Edit(m.start(), m.start() + 1, first[0]),),
                )


_ATTRIBUTION = (
    r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Ii]t)\s+(?:" + "|".join(sorted(SPEECH_VERBS, key=len, reverse=True)) + r")"
)
_DOUBLED_SOURCE = r"\b(" + _ATTRIBUTION + r")\s*([.,;])([ \t]+)(" + _ATTRIBUTION + r")\b(\s*[.,;]|(?=\s*[“\"]|\s*$))"


@lru_cache(maxsize=1)
def _doubled() -> re.Pattern:
    """The doubled-attribution pattern, compiled on first use (3 ms): few articles get past
    the pre-check below."""
    return re.compile(_DOUBLED_SOURCE, re.IGNORECASE)


# The second attribution of a doubled one with the punctuation and spaces before it: every match of
# _doubled() holds one (from group 2 on), so a text without it has no doubled attribution.
_SECOND_ATTRIBUTION = re.compile(r"[.,;][ \t]+" + _ATTRIBUTION, re.IGNORECASE)


class DoubledAttribution:
    """Speech attributed twice in a row: ``…,” he added. he said.``.

    Translation engines sometimes render an attribution and then add their own; the second one
    is flagged and the fix deletes it."""

    def check(self, doc):
        text = doc.text
        if not _SECOND_ATTRIBUTION.search(text):
            return  # most articles: one cheap scan instead of _doubled() on every paragraph
        for para in doc.paragraphs:
            for m in _doubled().finditer(text, para.start, para.end):
                second_start, second_end = m.start(4), m.end(4)
                if m.group(2) == ".":
                    # "he added. he said. “If" -> "he added. “If"
                    edit = Edit(m.end(2), max(second_end, m.end(5)), "")
                else:
                    # "she said, she added later" -> "she said later"
                    edit = Edit(m.start(2), second_end, "")
                yield Hit(
                    second_start, second_end,
                    {"first": m.group(1), "second": m.group(4)},
                    (), (edit,),
                )


# Adjacent repetitions that are good English.
_REPEAT_OK = frozenset({"that", "had", "is", "do", "very", "no", "yes", "bye", "ha", "ho", "la", "knock", "dum"})
_GAP_WORDS = frozenset({"on", "of", "for", "to", "and", "in", "with", "about", "by", "after", "upon", "or"})
_QUOTE_OR_BRACKET = set("“”\"‘’'«»([")
# Words, and every other character that is not a space or a quote mark or bracket.
# (Possessive: a token is as long as it can be, so giving characters back never finds a
# match, and not keeping track of them is faster.)
_REPEAT_TOKEN = re.compile(r"\w++(?:['’\-]\w++)*+|[^\w \t“”\"‘’'«»(\[]")
# Whether a token of _REPEAT_TOKEN is a word (not punctuation nor a line break).
_STARTS_WORD = re.compile(r"\w").match


def _may_double(low: str) -> bool:
    """Whether a word said twice in a row can be a slip (not "had had", "1 1", "B B")."""
    return low not in _REPEAT_OK and (len(low) > 1 or low == "a") and not low.isdigit() and (low[0].isalnum() or low[0] == "_")


class RepeatedPhrase:
    """A word or phrase said twice in a row: ``to “to invade”``, ``the the``, or a phrase of two
    or more words repeated around one small word: ``further talks on further talks``.

    Repetitions separated by punctuation other than quote marks are left alone, as are good
    English doublings (``that that``, ``had had``) and repeated capitalised words
    (``Walla Walla``)."""

    def __init__(self, max_words: int = 4):
        self.max_words = max_words

    def check(self, doc):
        text = doc.text
        lines = self._hit_lines(text)
        if lines is not None and not lines:
            return
        # Tokens per paragraph, so that no repetition crosses a line; only for the paragraphs
        # that repeat something.
        line_starts = doc.line_starts
        for para in doc.paragraphs:
            if lines is None:
                if self._repeats(text[para.start : para.end]):
                    yield from self._paragraph_hits(text, para)
            elif bisect_right(line_starts, para.start) - 1 in lines:
                yield from self._paragraph_hits(text, para)  # it _repeats: see _hit_lines

    def _paragraph_hits(self, text, para):
        toks = tokens(text, para.start, para.end)
        lows = [t.text.lower() for t in toks]
        # A repetition starts where a word comes back within max_words (+ a small word).
        starts_again: list[int] = []
        last: dict[str, int] = {}
        for j, low in enumerate(lows):
            seen = last.get(low)
            if seen is not None and j - seen <= self.max_words + 1:
                starts_again.append(seen)
            last[low] = j
        resume = 0
        for i in sorted(set(starts_again)):
            if i < resume:
                continue
            hit, skip = self._at(text, toks, i, lows)
            if hit is not None:
                yield hit
                resume = i + skip

    def _repeats(self, text: str) -> bool:
        """Whether any run of up to max_words words is followed by itself (case aside), with
        nothing but spaces and quote marks between: most paragraphs have none, and are done
        without building tokens. Punctuation and line breaks are tokens here, so that a
        repetition across them ("the cost. And the cost") does not count."""
        low = text.lower()
        if len(low) == len(text):
            lows = _REPEAT_TOKEN.findall(low)
        else:  # a letter whose lower case is two characters (İ): lower each token instead
            lows = [t.lower() for t in _REPEAT_TOKEN.findall(text)]
        return next(self._runs(lows), None) is not None

    def _hit_lines(self, text: str) -> set[int] | None:
        """The lines (numbered from 0) whose paragraph may hold a finding, from one pass over
        the whole text's tokens; None if every paragraph has to be checked with ``_repeats``.

        A finding (``_at``) is a phrase of words said again right after it, or after one of
        the ``_GAP_WORDS``, with nothing between the words but spaces and quote marks, the
        characters that are no tokens here: so it is a run of ``_runs`` made of words only,
        with a gap word if there is a gap. Most runs are not ("Bern, Bern, Bern", "the cost,
        the cost"), and their lines are not named.

        Why a named line's paragraph ``_repeats``, and why no other paragraph has a finding:
        a paragraph is its line without the white space around it, which is never part of a
        token nor (a space being no letter) the context of a lower case, so the paragraph's
        tokens, lowered, are a stretch of its line's tokens in the whole text, lowered; a run
        of words has no white space in it, so it is in that stretch. The findings' words
        (``document.tokens``, lowered one by one) are these tokens as long as lowering goes
        letter by letter (and keeps word characters word characters, which a test checks for
        every letter): not when a letter lowers to two characters (İ), nor with a capital
        sigma (Σ), which lowers to ς or σ by what follows it. For those texts every
        paragraph is checked as before."""
        low = text.lower()
        if len(low) != len(text) or "Σ" in text:
            return None if self._repeats(text) else set()
        lows = _REPEAT_TOKEN.findall(low)
        found: set[int] = set()
        for at, end in self._runs(lows):
            if not all(map(_STARTS_WORD, lows[at:end])):
                continue
            if (end - at) % 2 and lows[(at + end) // 2] not in _GAP_WORDS:
                continue  # a phrase of n words, a gap word, the phrase again: 2n + 1 tokens
            # No line break in a run of words: the breaks (tokens) before it number its line.
            found.add(lows[:at].count("\n"))
        return found

    def _runs(self, lows: list[str]):
        """Each repetition in lowered tokens as a range of tokens ``(start, end)``: a run of
        n <= max_words tokens followed by itself, right after it or after one small word; a
        single word only if it may be a slip."""
        same_at: dict[int, bytes] = {}
        for n in range(1, self.max_words + 1):
            ones = b"\x01" * n
            # same[i]: token i comes back k tokens later; n such tokens in a row repeat a
            # phrase of n words, right after it (k = n) or after one small word (k = n + 1).
            for k in (n, n + 1) if n > 1 else (n,):
                same = same_at.get(k)
                if same is None:
                    same = same_at[k] = bytes(map(operator.eq, lows, islice(lows, k, None)))
                at = same.find(ones)
                while at >= 0:
                    if n > 1 or _may_double(lows[at]):
                        yield at, at + k + n
                    at = same.find(ones, at + 1)

    def _sep(self, text, a, b):
        """The text between tokens a and b, or None if it holds anything but spaces and quotes."""
        sep = text[a.end : b.start]
        if "\n" in sep or any(not (c in " \t" or c in _QUOTE_OR_BRACKET) for c in sep):
            return None
        return sep

    def _at(self, text, toks, i, lows):
        for n in range(self.max_words, 0, -1):
            if i + 2 * n > len(toks) or lows[i] != lows[i + n]:
                continue
            first, second = toks[i : i + n], toks[i + n : i + 2 * n]
            if lows[i : i + n] != lows[i + n : i + 2 * n]:
                continue
            if any(self._sep(text, a, b) is None for a, b in zip(toks[i : i + 2 * n - 1], toks[i + 1 : i + 2 * n])):
                continue
            if all(t.text[:1].isupper() for t in first + second) or any(t.text.isdigit() for t in first):
                continue
            if n == 1 and (lows[i] in _REPEAT_OK or len(lows[i]) == 1 and lows[i] not in ("a",)):
                continue
            phrase = text[first[0].start : first[-1].end]
            sep = text[first[-1].end : second[0].start]
            if any(c in _QUOTE_OR_BRACKET for c in sep):
                # to “to invade”: keep the quotation whole, drop the copy outside it.
                lead = len(sep) - len(sep.lstrip(" \t"))
                edit = Edit(first[0].start, first[-1].end + lead, "")
                start, end = first[0].start, second[-1].end
            else:
                edit = Edit(first[-1].end, second[-1].end, "")
                start, end = first[0].start, second[-1].end
            return Hit(start, end, {"phrase": phrase}, (phrase,), (edit,)), 2 * n
        # A phrase of two or more words repeated around one small word.
        for n in range(self.max_words, 1, -1):
            if i + 2 * n + 1 > len(toks):
                continue
            if lows[i + n] not in _GAP_WORDS or lows[i : i + n] != lows[i + n + 1 : i + 2 * n + 1]:
                continue
            span = toks[i : i + 2 * n + 1]
            if any(self._sep(text, a, b) is None for a, b in zip(span, span[1:])):
                continue
            if all(t.text[:1].isupper() for t in toks[i : i + n]):
                continue
            if all(t in FUNCTION_WORDS for t in lows[i : i + n]):
                continue
            phrase = text[toks[i].start : toks[i + n - 1].end]
            return Hit(toks[i].start, span[-1].end, {"phrase": phrase}, (phrase,), None), 2 * n + 1
        return None, 0


class CapitalAfterQuote:
    """A capital letter right after an opening quote in mid-sentence, when the quoted words
    are neither a name, a title, nor a full quoted sentence: ``a “Frank, direct, deep and
    intense” conversation``, ``its “Main opponent”``.

    Mid-sentence means the quote follows a word, not a colon, a comma or a speech verb
    (``said “We will``). A name is a word the article also capitalises in mid-sentence outside
    quotations; a title capitalises its other words too; a full sentence ends in . ! or ?
    inside the marks, or runs past ``max_words`` words."""

    def __init__(self, max_words: int = 10, min_words: int = 2):
        self.max_words = max_words
        self.min_words = min_words

    def check(self, doc):
        from lintnews.checks.quotes import quote_marks

        text = doc.text
        marks = [m for m in quote_marks(doc) if m.problem not in ("unclosed", "stray-close")]
        names = None  # the article's names, worked out for the first quotation that needs them
        for a, b in zip(marks, marks[1:]):
            if a.role != "open" or b.role != "close":
                continue
            para = doc.line_span(a.pos)
            if b.pos > para.end:
                continue
            before = _words_before(text, a.pos, para.start)
            if not before or not before[-1].isalnum() or text[a.pos - 1] not in " \t":
                continue
            if before.lower() in SPEECH_VERBS or before.lower() in NAMING_WORDS:
                continue
            if _words_before(text, a.pos - len(before) - 1, para.start).lower() in NAMING_WORDS - {"as"}:
                continue  # "referred to as the “Report”", "the slogan “Paid…”"
            content = text[a.pos + 1 : b.pos]
            words = _WORD.findall(content)
            if not words or not content[:1].isupper():
                continue
            first = words[0]
            if len(content.split()) < self.min_words:
                continue  # a one-word quotation is most often a term, a name or a title
            if len(first) < 2 or not first[1:].islower():
                continue
            if names is None:
                names = _midsentence_capitals(doc)
            if first in names:
                continue
            if content.rstrip().endswith((".", "!", "?", "…")) or len(content.split()) > self.max_words:
                continue
            rest = [w for w in words[1:] if w.lower() not in FUNCTION_WORDS]
            if rest and all(w[0].isupper() for w in rest) and any(w not in names for w in rest):
                continue  # a title: “Moment of Truth”
            lower = first[0].lower() + first[1:]
            yield Hit(
                a.pos + 1, a.pos + 1 + len(first), {"word": first},
                (lower,), (Edit(a.pos + 1, a.pos + 2, lower[0]),),
            )


def _midsentence_capitals(doc) -> frozenset[str]:
    """Capitalised words the article uses in mid-sentence outside quotations: its names."""
    cached = doc.facts.get("_midsentence_capitals")
    if cached is not None:
        return cached
    from lintnews.checks.quotes import quote_marks

    text = doc.text
    opens, closes = [], []
    opener = None
    for mark in quote_marks(doc):
        if mark.role == "open" and mark.problem is None:
            opener = mark.pos
        elif mark.role == "close" and opener is not None:
            opens.append(opener)
            closes.append(mark.pos)
            opener = None
    # The quotations are in order and do not overlap: only the last one opened before a word
    # can hold it.
    found = set()
    # One scan of the whole text finds the words a scan of each sentence alone finds: every
    # capital is in a sentence, whose end is followed by white space, so a word stops where
    # it did; only a sentence's first word, whose look-behind a sentence alone cannot see,
    # must be left out (sentences do not start after a letter and a space today).
    starts = {sent.start for sent in doc.sentences}
    for m in _MIDSENTENCE_CAPITAL.finditer(text):
        word = m.group()
        if word in found:
            continue
        pos = m.start()
        if pos in starts:
            continue
        i = bisect_left(opens, pos) - 1
        if i < 0 or pos >= closes[i]:
            found.add(word)
    # (a word right after an opening quote is preceded by the mark, so it is no evidence)
    cached = doc.facts["_midsentence_capitals"] = frozenset(found)
    return cached
