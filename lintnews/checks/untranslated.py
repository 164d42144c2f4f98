"""Source-language words and runs of another script left in an English text.

Whole-sentence language identification calls "Follow us at Facebook Y Twitter, o en our
weekly newsletter" English, so the evidence here is per word: a word is foreign when wordfreq
finds it far more common in one of the candidate languages than in English (Spanish *en*:
Zipf 7.4 in Spanish, 4.5 in English). Adjacent foreign words form a run; a run is reported
only inside English context (a common English word within three words of it), outside
quotations of a few words (foreign titles: 'La casa de papel'), outside established loanwords
(`rules/core/data/loanwords.txt`: de facto, status quo, fatwa, ...), and not when it is a
particle of a name (Charles de Gaulle, Ortega y Gasset). A single foreign word is reported only
when it is a known function word that is not also an English word
(`rules/core/data/foreign-words.yaml`), which also gives the English suggestions.

Runs of another script (Cyrillic, Greek, Hebrew, Arabic, Devanagari, Thai, CJK, Hangul, ...)
inside a text written mostly in Latin letters are reported, except single letters of an
alphabet (Greek letters used as symbols) and glosses in brackets right after a word
("Kyiv (Київ)").

The analysis is shared through ``doc.facts`` by the rules and the source-language analyser.
wordfreq is imported on first use, never at module import.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from lintnews.model import Edit, Hit

if TYPE_CHECKING:
    from lintnews.datacache import Lookup

LANGUAGE_NAMES = {
    "es": "Spanish", "fr": "French", "de": "German", "it": "Italian", "pt": "Portuguese",
    "cs": "Czech", "tr": "Turkish", "pl": "Polish", "nl": "Dutch", "ro": "Romanian",
    "ru": "Russian", "sv": "Swedish", "ca": "Catalan",
}  # fmt: skip
DEFAULT_LANGUAGES = ("es", "fr", "de", "it", "pt", "cs", "tr")


def _data_dir() -> Path:
    from lintnews.packs import default_rules_dir

    return default_rules_dir() / "core" / "data"


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The function-word dictionaries, homographs and name particles (read once)."""
    from lintnews.packs import load_yaml_cached

    path = _data_dir() / "foreign-words.yaml"
    data = load_yaml_cached(path.read_text(encoding="utf-8"))
    for lang, words in data["languages"].items():
        for word, english in words.items():
            if not isinstance(word, str) or not all(isinstance(e, str) for e in english):
                raise ValueError(f"{path}: {lang}.{word}: words must be strings (quote yes/no/on/off)")
    return {
        "languages": {lang: {str(w): tuple(v) for w, v in words.items()} for lang, words in data["languages"].items()},
        "homographs": frozenset(str(w) for w in data["english_homographs"]),
        "particles": frozenset(str(w) for w in data["name_particles"]),
    }


@lru_cache(maxsize=1)
def loanword_pattern() -> re.Pattern:
    lines = (_data_dir() / "loanwords.txt").read_text(encoding="utf-8").splitlines()
    phrases = sorted({ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(p) for p in ph.split()).replace("'", "['’]") for ph in phrases)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


# Zipf floors of the tables kept in memory: rarer words count as 0. The decisions only need
# English down to 3 (a foreign word is >= 5 and 2 above English) and other languages down to 4.
ENGLISH_FLOOR = 3.0
FOREIGN_FLOOR = 4.0


@lru_cache(maxsize=None)
def zipf_table(lang: str, floor: float) -> Lookup:
    """{word: Zipf} for the words of ``lang`` at least as common as ``floor``.

    Built from wordfreq's packed lists (bin ``i`` holds the words of Zipf ``9 - i/100``) without
    wordfreq's own cache of the full lists, so a language costs a few MB, not tens. The table
    is kept on disk (:mod:`lintnews.datacache`) and read a word at a time."""
    from lintnews.datacache import cached_lookup, package_version

    def build() -> dict[str, float]:
        from wordfreq import available_languages, read_cBpack

        bins = read_cBpack(available_languages()[lang])
        last = int(round((9 - floor) * 100)) + 1
        return {word: round(9 - i / 100, 2) for i, words in enumerate(bins[:last]) for word in words}

    return cached_lookup(f"zipf-{lang}", f"wordfreq {package_version('wordfreq')} {lang} {floor}", build)


class Frequencies:
    """Zipf frequencies per word and language, memoised. The English table is loaded first;
    the other languages only when :meth:`load_foreign` is called (a document has a candidate).
    Words are looked up as single alphabetic tokens, case-folded as wordfreq stores them."""

    def __init__(self, languages: tuple[str, ...]):
        self.languages = languages
        self.english = zipf_table("en", ENGLISH_FLOOR)
        self._foreign: dict[str, Lookup] | None = None
        self._cache: dict[str, tuple[float, dict[str, float]]] = {}

    def z_en(self, word: str) -> float:
        return self.english.get(word.casefold(), 0.0)

    def load_foreign(self) -> None:
        if self._foreign is None:
            self._foreign = {lang: zipf_table(lang, FOREIGN_FLOOR) for lang in self.languages}

    def __call__(self, word: str) -> tuple[float, dict[str, float]]:
        """(English Zipf, {language: Zipf}) for a word; needs :meth:`load_foreign` first."""
        got = self._cache.get(word)
        if got is None:
            key = word.casefold()  # größte -> grösste
            got = self._cache[word] = (
                self.english.get(key, 0.0),
                {lang: table.get(key, 0.0) for lang, table in self._foreign.items()},
            )
        return got


@lru_cache(maxsize=8)
def frequencies(languages: tuple[str, ...]) -> Frequencies:
    return Frequencies(languages)


@dataclass(frozen=True)
class Run:
    start: int
    end: int
    language: str
    suggestions: tuple[str, ...]
    languages: tuple[str, ...]  # every language the run fits, best first


_QUOTED = re.compile(
    r"“[^“”\n]{1,120}”|\"[^\"\n]{1,120}\"|‘[^‘’\n]{1,120}’|«[^«»\n]{1,120}»|„[^„“”\n]{1,120}[“”]"
    r"|(?<![\w’'])'[^'\n]{1,120}'(?![\w’'])"
)
_OPAQUE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[@#]\w+|\b\w+\.(?:com|org|net|es|fr|de|it|pt|cz|tr)\b")
# Name particles never capitalised inside a name: "Y" in "Facebook Y Twitter" is a conjunction.
_LOWERCASE_ONLY_PARTICLES = frozenset({"y", "e", "i"})
_SENTENCE_END = ".!?:;…\"“”»\n"


def _masked_spans(text: str, max_quote_words: int) -> list[tuple[int, int]]:
    spans = [m.span() for m in loanword_pattern().finditer(text)]
    spans += [m.span() for m in _OPAQUE.finditer(text)]
    for m in _QUOTED.finditer(text):
        if len(m.group().split()) <= max_quote_words:
            spans.append(m.span())
    return sorted(spans)


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t‘’'\"“”«(":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def foreign_runs(
    doc,
    languages: tuple[str, ...] = DEFAULT_LANGUAGES,
    margin: float = 2.0,
    min_zipf: float = 5.0,
    max_run: int = 4,
    max_quote_words: int = 6,
) -> list[Run]:
    """Runs of source-language words in English context (memoised per document and options)."""
    key = ("_foreign_runs", tuple(languages), margin, min_zipf, max_run, max_quote_words)
    cached = doc.facts.get(key)
    if cached is None:
        cached = doc.facts[key] = _find_runs(doc, tuple(languages), margin, min_zipf, max_run, max_quote_words)
    return cached


def _find_runs(doc, languages, margin, min_zipf, max_run, max_quote_words) -> list[Run]:
    text = doc.text
    texts = doc.word_texts
    if not texts:
        return []
    lex = lexicon()
    dictionaries = {lang: lex["languages"].get(lang, {}) for lang in languages}
    known = set().union(*dictionaries.values()) if dictionaries else set()
    freq = frequencies(languages)
    # A run needs a known function word: load the other languages' tables only when the text
    # has one that English rarely uses (alone, or beside another), judged per distinct word.
    rare = {w for w in known.intersection(map(str.lower, set(texts))) if w.isalpha() and freq.z_en(w) < 5.6}
    if not rare:
        return []
    homographs = lex["homographs"]
    if rare <= homographs:
        # Words that are also English count only beside another such word: two in a row.
        maybe = bytes(map(rare.__contains__, map(str.lower, texts)))
        if b"\x01\x01" not in maybe:
            return []
    words = doc.words
    freq.load_foreign()
    masks: list = []

    def is_masked(tok) -> bool:
        if not masks:
            spans = _masked_spans(text, max_quote_words)
            masks.extend([spans, [s for s, _ in spans]])
        masked, mask_starts = masks
        i = bisect_right(mask_starts, tok.start) - 1
        # Spans may nest; look back over a few that start before the token.
        for s, e in masked[max(0, i - 3) : i + 1]:
            if s <= tok.start and tok.end <= e:
                return True
        return False

    def english(tok) -> bool:
        w = tok.text.lower()
        if not w.isalpha():
            return False
        z_en, zs = freq(w)
        return z_en >= 4.0 and z_en >= max(zs.values(), default=0.0)

    def capitalised(tok) -> bool:
        return tok.text[:1].isupper()

    def candidate(i: int) -> bool:
        tok = words[i]
        w = tok.text
        if not w.isalpha() or is_masked(tok):
            return False
        if len(w) > 1 and w.isupper():
            return False  # an acronym
        low = w.lower()
        z_en, zs = freq(low)
        if z_en >= 5.6:
            return False
        best = max(zs.values(), default=0.0)
        if best < min_zipf or best - z_en < margin:
            return False
        prev_tok = words[i - 1] if i > 0 else None
        next_tok = words[i + 1] if i + 1 < len(words) else None
        if capitalised(tok):
            # A capitalised function word in title-cased link text ("Facebook Y Twitter"),
            # never one that starts a name (De Niro, La Paz, El Salvador).
            starts_name = low in lex["particles"] and low not in _LOWERCASE_ONLY_PARTICLES
            if low not in known or starts_name or _sentence_initial(text, tok.start):
                return False
            return bool(
                prev_tok and next_tok and capitalised(prev_tok) and capitalised(next_tok)
                and text[prev_tok.end : tok.start].strip() == "" and text[tok.end : next_tok.start].strip() == ""
            )
        if low in lex["particles"]:
            # Skip further particles: Ursula von der Leyen, Maria de los Angeles.
            k = i + 1
            while k < len(words) and words[k].text in lex["particles"]:
                k += 1
            name = words[k] if k < len(words) else None
            if name is not None and capitalised(name):
                z_next, _ = freq(name.text.lower())
                if z_next < 4.5 or k > i + 1 or prev_tok is None or not capitalised(prev_tok):
                    return False  # Charles de Gaulle, Ortega y Gasset
        return True

    flags = [candidate(i) for i in range(len(words))]
    runs: list[Run] = []
    i = 0
    while i < len(words):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(words) and flags[j + 1] and text[words[j].end : words[j + 1].start].isspace():
            j += 1
        run = _judge(doc, words, i, j, freq, dictionaries, lex, english, max_run)
        if run is not None:
            runs.append(run)
        i = j + 1
    return runs


def _judge(doc, words, i, j, freq, dictionaries, lex, english, max_run) -> Run | None:
    text = doc.text
    toks = words[i : j + 1]
    lows = [t.text.lower() for t in toks]
    if len(toks) > max_run:
        return None  # a title or a whole foreign sentence: not a leftover in English text
    context = words[max(0, i - 3) : i] + words[j + 1 : j + 4]
    if not any(english(t) for t in context):
        return None
    fits = []
    for lang, dictionary in dictionaries.items():
        zs = [freq(w)[1].get(lang, 0.0) for w in lows]
        if min(zs) < 4.0:
            continue
        if len(toks) == 1 and lows[0] not in dictionary:
            continue
        in_dict = sum(w in dictionary for w in lows)
        if not in_dict:
            continue  # a run holds at least one known function word of its language
        fits.append((in_dict, sum(zs), lang))
    if not fits:
        return None
    fits.sort(reverse=True)
    langs = tuple(lang for _, _, lang in fits)
    if len(toks) == 1:
        if lows[0] in lex["homographs"]:
            return None
    elif toks[0].text[:1].isupper() and lows[0] not in dictionaries[langs[0]]:
        return None  # a capitalised foreign phrase: a name or a title
    preferred = doc.facts.get("source_language")
    lang = preferred if preferred in langs and all(w in dictionaries[preferred] for w in lows) else langs[0]
    suggestions: tuple[str, ...] = ()
    dictionary = dictionaries[lang]
    if all(w in dictionary for w in lows):
        combos = itertools.islice(itertools.product(*(dictionary[w] for w in lows)), 3)
        suggestions = tuple(" ".join(c) for c in combos)
        if _sentence_initial(text, toks[0].start):
            suggestions = tuple(s[:1].upper() + s[1:] for s in suggestions)
    return Run(toks[0].start, toks[-1].end, lang, suggestions, langs)


class ForeignWords:
    """UT001: source-language words left in English text."""

    def __init__(
        self,
        languages: list[str] | tuple[str, ...] = DEFAULT_LANGUAGES,
        margin: float = 2.0,
        min_zipf: float = 5.0,
        max_run: int = 4,
        max_quote_words: int = 6,
    ):
        unknown = [lang for lang in languages if lang not in lexicon()["languages"]]
        if unknown:
            raise TypeError(f"no word list for language {unknown[0]!r} in rules/core/data/foreign-words.yaml")
        self.options = dict(
            languages=tuple(languages), margin=float(margin), min_zipf=float(min_zipf),
            max_run=int(max_run), max_quote_words=int(max_quote_words),
        )  # fmt: skip

    def check(self, doc):
        for run in foreign_runs(doc, **self.options):
            name = LANGUAGE_NAMES.get(run.language, run.language)
            hint = f"; use “{run.suggestions[0]}”" if run.suggestions else ""
            edits = (Edit(run.start, run.end, run.suggestions[0]),) if run.suggestions else None
            yield Hit(run.start, run.end, {"language": name, "hint": hint}, run.suggestions, edits)


# -- other scripts --------------------------------------------------------------------------

_SCRIPTS = [
    ("Greek", "\u0370-\u03ff\u1f00-\u1fff", 2),
    ("Cyrillic", "\u0400-\u052f", 2),
    ("Armenian", "\u0531-\u058f", 2),
    ("Hebrew", "\u05d0-\u05ff", 2),
    ("Arabic", "\u0620-\u064a\u066e-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc", 2),
    ("Devanagari", "\u0900-\u097f", 2),
    ("Bengali", "\u0980-\u09ff", 2),
    ("Thai", "\u0e00-\u0e7f", 2),
    ("Georgian", "\u10a0-\u10ff", 2),
    ("Hangul", "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af", 1),
    ("Japanese", "\u3040-\u30ff", 1),
    ("Chinese", "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff", 1),
]
# Every letter of _SCRIPTS lies in U+0370-1FFF or U+3040-FEFC: a text with none of them has no
# run, and the patterns below (with their long classes, 10 ms to compile) are compiled only for
# one that has. (The class is written as its complement, which compiles 5 times faster.)
_MAYBE_SCRIPT = re.compile("[^\x00-\u036f\u2000-\u303f\ufefd-\U0010ffff]")


@lru_cache(maxsize=1)
def _script_patterns() -> tuple[re.Pattern, list[tuple[str, re.Pattern, int]]]:
    """The pattern of a run in any of the scripts, and each script's letters."""
    letters = "".join(chars for _, chars, _ in _SCRIPTS)
    run = re.compile(rf"[{letters}]+(?:[\s\-–—·・、，。：:！？!?]{{1,3}}[{letters}]+)*")
    return run, [(name, re.compile(f"[{chars}]"), least) for name, chars, least in _SCRIPTS]


_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")


def script_runs(doc) -> list[tuple[int, int, str]]:
    """(start, end, script name) of runs in other scripts, when the text is mostly Latin."""
    cached = doc.facts.get("_script_runs")
    if cached is not None:
        return cached
    text = doc.text
    out: list[tuple[int, int, str]] = []
    found = list(_script_patterns()[0].finditer(text)) if _MAYBE_SCRIPT.search(text) else []
    if found:
        foreign = sum(m.end() - m.start() for m in found)
        latin = len(_LATIN.findall(text))
        if latin > foreign:
            for m in found:
                span = m.group()
                name, least = "non-Latin", 1
                for script, pattern, n in _script_patterns()[1]:
                    if pattern.search(span):
                        name, least = script, n
                        break
                if sum(1 for ch in span if ch.isalpha()) < least:
                    continue  # a Greek letter used as a symbol (Δv, μm)
                if _is_gloss(text, m.start(), m.end()):
                    continue
                out.append((m.start(), m.end(), name))
    doc.facts["_script_runs"] = out
    return out


def _is_gloss(text: str, start: int, end: int) -> bool:
    """"Kyiv (Київ)": the original spelling in brackets right after a word is a gloss."""
    before = text[max(0, start - 2) : start]
    after = text[end : end + 1]
    if not (before.endswith("(") and after == ")"):
        return False
    i = start - 1
    while i > 0 and text[i - 1] == " ":
        i -= 1
    return i > 0 and _LATIN.match(text[i - 1]) is not None


class ForeignScript:
    """UT002: a run of another script inside English text."""

    def check(self, doc):
        for start, end, script in script_runs(doc):
            yield Hit(start, end, {"script": script})
