"""Names spelled more than one way within one article (Grushko beside Gruško).

Capitalised words are grouped by a transliteration key: foreign diacritics are folded to the
English romanisation (š -> sh, č -> ch, ž -> zh, ó -> o). Two spellings with the same key in
one article are the same name written two ways. The spelling to keep is the more frequent
one; on a tie, the one without letters foreign to English.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache

from lintnews.model import Edit, Hit

_CAPITALISED = re.compile(r"(?<![\w’'-])[A-ZÀ-ÖØ-ÞĀ-ž][\w’'-]*\w|(?<![\w’'-])[A-ZÀ-ÖØ-ÞĀ-ž]")
_POSSESSIVE = re.compile(r"['’]s?$")
_FOLD = {
    "š": "sh", "č": "ch", "ž": "zh", "ć": "ch", "đ": "dj", "ř": "rzh", "ş": "sh", "ç": "ch",
    "ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "ğ": "g", "ı": "i",
}  # fmt: skip


@lru_cache(maxsize=65536)
def variant_key(word: str) -> str:
    """A key shared by spellings of one name that differ only in foreign letters."""
    out = []
    for ch in word.lower():
        if ch in _FOLD:
            out.append(_FOLD[ch])
            continue
        base = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in base if not unicodedata.combining(c)))
    return "".join(out).replace("’", "'")


def foreign_letters(word: str) -> int:
    return sum(1 for ch in word if not ch.isascii())


class SpelledTwoWays:
    """Report each spelling of a name other than the preferred one in the same article."""

    def __init__(self, min_length: int = 4):
        self.min_length = min_length

    def check(self, doc):
        groups: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for m in _CAPITALISED.finditer(doc.text):
            word = _POSSESSIVE.sub("", m.group())
            if len(word) < self.min_length or word.isupper():
                continue
            groups[variant_key(word)][word].append(m.start())
        for spellings in groups.values():
            if len(spellings) < 2:
                continue
            counts = Counter({w: len(p) for w, p in spellings.items()})
            preferred = min(counts, key=lambda w: (-counts[w], foreign_letters(w), w))
            for word, positions in sorted(spellings.items()):
                if word == preferred:
                    continue
                related = tuple(
                    {"spelling": w, "count": len(p), "offsets": list(p)}
                    for w, p in sorted(spellings.items())
                    if w != word
                )
                for pos in positions:
                    end = pos + len(word)
                    yield Hit(
                        pos, end,
                        {"preferred": preferred, "count": counts[preferred]},
                        (preferred,), (Edit(pos, end, preferred),), related,
                    )
