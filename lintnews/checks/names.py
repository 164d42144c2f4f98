"""Names spelled several ways: Grushko / Gruško / Grushkó, Ryabkov / Riabkov, Kiev / Kyiv.

Two rules share one analysis, run as a corpus rule (observe, merge, decide, report) so that
the files checked together, and the context files, decide which spelling to keep:

- NM001 reports a spelling when the same article also has another spelling of the name;
- NM002 reports a spelling when the article is consistent but other files spell it otherwise.

Every span is reported by at most one of them. With a single file both reduce to the
article itself.

Which spellings are one name (precision first; a name written one way is never reported):

1. Spellings that differ only in letters foreign to English (š for sh, ó for o) — always.
2. Spellings listed together in the style list (``rules/core/data/name-spellings.yaml``) or
   in the user's names file (``names-file``) — always.
3. Spellings that differ only by a usual transliteration variant (ya/ia, final -y/-i/-iy/-yy,
   final -ey/-ei, x/ks, -ander/-andr) — only when every such spelling is rare in English
   (so Myers and Miers, or a name and a common word, stay apart), or when both are first
   names followed by the same person's surname (Sergei Ryabkov, Sergey Riabkov).

Nothing else is folded: Fomin and Fomina, Jong-un and Yo-jong stay distinct.

The spelling to keep: the names file's choice, else the style list's, else the spelling used
by the most files; on a tie, the one without letters foreign to English, then the one more
common in English text (wordfreq), then the one used more often, then alphabetical order.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

from lintnews.model import Edit, Hit

_TOKEN = re.compile(r"[^\W\d_][\w’'-]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_FOLD = {
    "š": "sh", "č": "ch", "ž": "zh", "ć": "ch", "đ": "dj", "ř": "rzh", "ş": "sh", "ç": "ch",
    "ł": "l", "ø": "o", "æ": "ae", "ß": "ss", "ğ": "g", "ı": "i",
}  # fmt: skip
_VOWELS = "aeiou"
# Above this Zipf frequency a spelling is an established English word or name.
COMMON_ZIPF = 3.0
STYLE_LIST = "core/data/name-spellings.yaml"


@lru_cache(maxsize=65536)
def variant_key(word: str) -> str:
    """A key shared by spellings of one name that differ only in foreign letters."""
    lower = word.lower()
    if lower.isascii():  # no letter to fold, none that decomposes, no ’: _folded would keep it
        return lower
    return _folded(lower)


def _folded(lower: str) -> str:
    """``lower`` with each foreign letter folded (š to sh) or stripped of its accents."""
    out = []
    for ch in lower:
        if ch in _FOLD:
            out.append(_FOLD[ch])
            continue
        base = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in base if not unicodedata.combining(c)))
    return "".join(out).replace("’", "'")


_Y_BEFORE_VOWEL = re.compile(r"y(?=[aeiou])")
_ANDER = re.compile(r"ander$")
_EY = re.compile(r"ey$")
_FINAL_Y = re.compile(r"(?<=[^aeiouy])(?:iy|yy|ii|yi|y)$")


@lru_cache(maxsize=65536)
def translit_key(word: str) -> str:
    """A looser key: also folds the usual variants of romanising Cyrillic names."""
    k = variant_key(word).replace("x", "ks")
    k = _Y_BEFORE_VOWEL.sub("i", k)  # Ryabkov / Riabkov
    k = _ANDER.sub("andr", k)  # Alexander / Aleksandr
    k = _EY.sub("ei", k)  # Sergey / Sergei
    k = _FINAL_Y.sub("i", k)  # Zelenskiy / Zelenskyy / Dmitry
    return k


def foreign_letters(word: str) -> int:
    return sum(1 for ch in word if not ch.isascii())


@lru_cache(maxsize=65536)
def english_zipf(word: str, floor: float = 1.0) -> float:
    """How common ``word`` is in English (wordfreq's Zipf scale, 0 when unknown or below
    ``floor``). Read from the table kept on disk, not through wordfreq's own loader (whose
    import and first lookup cost about 0.3 s in every process). A test against a threshold
    of 3 or more passes ``floor=3.0``: that table has 29,000 words, not 321,000, and loads
    ten times faster."""
    from lintnews.checks.untranslated import zipf_table

    table = zipf_table("en", floor)
    parts = [p for p in word.casefold().split("-") if p]
    if len(parts) > 1:  # wordfreq scores a hyphenated word from its parts; the rarest bounds it
        return min(table.get(p, 0.0) for p in parts)
    return table.get(word.casefold(), 0.0)


# -- reading names ---------------------------------------------------------------------------


# A letter but an ASCII small one ([^\W\da-z_]), spelled so that the regex engine skips to
# it with a cheap test of ranges: an ASCII capital or a character outside ASCII and General
# Punctuation (U+2000-206F, the dashes and curly quotes, holds no letter), then checked to be
# a letter by looking back over it.
# (The range test is written as its complement, which compiles in 0.4 ms instead of 6.)
_CAPITAL_LETTER = r"[^\x00-@\[-\x7f\u2000-\u206f](?<=[^\W\d_])"

# The tokens of _TOKEN that may start with a capital: one starting with _CAPITAL_LETTER,
# either after a character no token holds, or (group 1 set, to the empty string) after digits,
# underscores, hyphens or apostrophes, where it starts a token only if no letter precedes it
# in that run (checked by _inside_token). The pattern begins with the letter and looks behind
# it afterwards (``(?<!…).`` spans the character before and the letter itself, never a line
# break), so the regex engine skips to candidate letters at C speed instead of trying two
# lookbehinds at every character of the text.
_MAYBE_CAPITAL = re.compile(_CAPITAL_LETTER + r"(?:(?<![\w’'-].)|(?<=[\d_’'-].)())[\w’'-]*")

# Every token of _TOKEN that may start with a capital (see _MAYBE_CAPITAL), and beside them
# the pieces of tokens that start with such a letter after a digit, underscore, hyphen or
# apostrophe (Sinicized in pre-Sinicized): a letter not after a letter, to the token's end.
_CAPITAL_PIECES = re.compile(_CAPITAL_LETTER + r"(?<![^\W\d_].)[\w’'-]*")

_TOKEN_CHAR = re.compile(r"[\w’'-]")
_TOKEN_FIRST = re.compile(r"[^\W\d_]")


def _inside_token(text: str, start: int) -> bool:
    """Whether a character that starts tokens precedes ``start`` in its run of token
    characters (so _TOKEN's token began before it)."""
    i = start - 1
    while i >= 0 and _TOKEN_CHAR.match(text[i]):
        if _TOKEN_FIRST.match(text[i]):
            return True
        i -= 1
    return False


def names_in(doc, min_length: int = 4) -> tuple[dict[str, list[int]], dict[str, dict[str, int]]]:
    """Capitalised words of ``doc`` and where they start, and pairs of adjacent capitalised
    words (first name, surname). Memoised in ``doc.facts``."""
    key = ("names", min_length)
    if key in doc.facts:
        return doc.facts[key]
    text = doc.text
    occurrences: dict[str, list[int]] = defaultdict(list)
    pairs: dict[str, dict[str, int]] = defaultdict(Counter)
    # The name a matched token stands for (None: not a name), worked out once per distinct
    # token: names recur, and the test depends on the token alone.
    name_of: dict[str, str | None] = {}
    prev: tuple[str, int] | None = None
    # Only the tokens that may be capitalised are visited: a pair must be separated by one
    # space, so the lower-case words between names need not be seen.
    for m in _MAYBE_CAPITAL.finditer(text):
        raw = m.group()
        try:
            word = name_of[raw]
        except KeyError:
            word = _POSSESSIVE.sub("", raw).rstrip("-’'")
            if not raw[:1].isupper() or word.isupper() or len(word) < min_length:
                word = None
            name_of[raw] = word
        if word is None or (m.group(1) is not None and _inside_token(text, m.start())):
            prev = None
            continue
        start = m.start()
        occurrences[word].append(start)
        if prev is not None and text[prev[1] : start] == " ":
            pairs[prev[0]][word] += 1
        prev = (word, m.end()) if raw == word else None
    result = (dict(occurrences), {g: dict(s) for g, s in pairs.items()})
    doc.facts[key] = result
    return result


def load_spellings(path: Path | str) -> list[tuple[str, list[str]]]:
    """Preferred spellings from a names file.

    A ``.yaml``/``.yml`` file maps each preferred spelling to a list of other spellings of it
    (the list may be empty). Any other file holds one preferred spelling per line, optionally
    followed by ``:`` and the other spellings separated by commas; ``#`` starts a comment.
    Raises ``ValueError`` naming the problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
    entries: list[tuple[str, list[str]]] = []
    if path.suffix in (".yaml", ".yml"):
        from lintnews.packs import is_yaml_error, load_yaml_cached

        try:
            data = load_yaml_cached(text) or {}
        except Exception as exc:
            if not is_yaml_error(exc):
                raise
            raise ValueError(f"{path}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
        if not isinstance(data, dict):
            raise ValueError(f"{path}: must map each preferred spelling to a list of other spellings")
        for preferred, others in data.items():
            others = [] if others is None else others
            if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
                raise ValueError(f"{path}: '{preferred}' must map to a list of spellings")
            entries.append((str(preferred), list(others)))
        return entries
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        preferred, _, rest = line.partition(":")
        preferred = preferred.strip()
        if not preferred or " " in preferred:
            raise ValueError(f"{path}:{n}: expected one name per line, optionally 'Name: Variant, Variant'")
        entries.append((preferred, [o.strip() for o in rest.split(",") if o.strip()]))
    return entries


# -- the corpus analysis ---------------------------------------------------------------------


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True


class _NameVariants:
    """Shared by NM001 and NM002; ``scope`` says which spans a rule reports."""

    scope = "article"

    def __init__(self, min_length: int = 4, style_list: str = STYLE_LIST, names_file: str | None = None):
        self.min_length = min_length
        self.style_list = style_list
        self.names_file = names_file
        self._lists: tuple | None = None

    def configure(self, settings: Any, shared: dict | None = None) -> None:
        """Take the user's names file from the settings (``names-file``); reads it now so
        that a bad file is reported before any linting."""
        path = getattr(settings, "names_file", None)
        if path:
            self.names_file = str(path)
        self._lists = None
        try:
            self.lists()
        except ValueError as exc:
            from lintnews.config import ConfigError

            raise ConfigError(f"names file: {exc}") from None

    def lists(self) -> tuple[list, list]:
        """(names-file entries, style-list entries)."""
        if self._lists is None:
            user = load_spellings(self.names_file) if self.names_file else []
            style: list = []
            if self.style_list:
                from lintnews.packs import default_rules_dir

                style = load_spellings(default_rules_dir() / self.style_list)
            self._lists = (user, style)
        return self._lists

    # observe / merge / decide / report -------------------------------------------------------

    def observe(self, doc) -> dict:
        """The names of ``doc`` and where they are (NM001 and NM002 share one, read-only)."""
        key = ("names-observed", self.min_length)
        observed = doc.facts.get(key)
        if observed is None:
            occurrences, pairs = names_in(doc, self.min_length)
            names: dict[str, dict[str, list]] = {}
            for word, starts in occurrences.items():
                names[word] = {doc.path: [[s, doc.to_raw(s), doc.position(s)[0]] for s in starts]}
            observed = doc.facts[key] = {"names": names, "pairs": pairs}
        return observed

    def merge(self, a: dict, b: dict) -> dict:
        return self.merge_into(copy.deepcopy(a), b)

    def merge_into(self, a: dict, b: dict) -> dict:
        """``merge``, updating ``a`` in place (the engine accumulates into its own copy, so a
        corpus costs linear, not quadratic, time)."""
        names: dict[str, dict[str, list]] = a["names"]
        for word, paths in b["names"].items():
            mine = names.setdefault(word, {})
            for path, occ in paths.items():
                old = mine.get(path)
                if old is None:  # the usual case: each file is observed once (never mutated)
                    mine[path] = occ
                else:
                    mine[path] = [list(o) for o in sorted({tuple(o) for o in old} | {tuple(o) for o in occ})]
        pairs: dict[str, dict[str, int]] = a["pairs"]
        for given, surnames in b["pairs"].items():
            mine = pairs.setdefault(given, {})
            for surname, n in surnames.items():
                mine[surname] = mine.get(surname, 0) + n
        return {"names": names, "pairs": pairs}

    def decide(self, stats: dict) -> dict:
        names, pairs = stats["names"], stats["pairs"]
        seen = sorted(names)
        uf = _UnionFind()
        for w in seen:
            uf.find(w)
        # 1. foreign letters only
        by_key: dict[str, list[str]] = defaultdict(list)
        for w in seen:
            by_key[variant_key(w)].append(w)
        for group in by_key.values():
            for w in group[1:]:
                uf.union(group[0], w)
        # 2. the names file and the style list
        user, style = self.lists()
        entry_of: dict[str, str] = {}
        entry_pref: dict[str, tuple[str, str]] = {}
        for source, entries in (("your names file", user), ("the style list", style)):
            for i, (preferred, others) in enumerate(entries):
                node = f"\0{source}:{i}"
                entry_pref[node] = (preferred, source)
                for spelling in [preferred, *others]:
                    entry_of.setdefault(translit_key(spelling), node)
        for w in seen:
            node = entry_of.get(translit_key(w))
            if node is not None:
                uf.union(w, node)
        # 3. transliteration variants: rare spellings, or first names of one person
        by_tkey: dict[str, list[str]] = defaultdict(list)
        for w in seen:
            by_tkey[translit_key(w)].append(w)
        buckets = [b for b in by_tkey.values() if len(b) > 1]
        for bucket in buckets:
            rare = [w for w in bucket if english_zipf(w.lower(), COMMON_ZIPF) < COMMON_ZIPF]
            for w in rare[1:]:
                uf.union(rare[0], w)
        changed = True
        while changed:
            changed = False
            for bucket in buckets:
                for i, g1 in enumerate(bucket):
                    for g2 in bucket[i + 1 :]:
                        if uf.find(g1) == uf.find(g2):
                            continue
                        s1 = {uf.find(s) for s in pairs.get(g1, {})}
                        if any(uf.find(s) in s1 for s in pairs.get(g2, {})):
                            changed |= uf.union(g1, g2)
        # groups and the spelling to keep
        members: dict[str, list[str]] = defaultdict(list)
        for w in seen:
            members[uf.find(w)].append(w)
        nodes_of: dict[str, list[str]] = defaultdict(list)
        for node in entry_pref:
            if node in uf.parent:
                nodes_of[uf.find(node)].append(node)
        groups, of = [], {}
        for root, spellings in sorted(members.items(), key=lambda kv: kv[1][0]):
            chosen = None
            nodes = nodes_of.get(root)  # the group's entries of the names file and style list
            for source in ("your names file", "the style list") if nodes else ():
                cands = sorted(n for n in nodes if entry_pref[n][1] == source)
                if cands:
                    chosen = entry_pref[min(cands, key=lambda n: int(n.rsplit(":", 1)[1]))]
                    break
            if chosen is None and len(spellings) < 2:
                continue
            if chosen is not None and len(spellings) < 2 and (chosen[1] != "your names file" or spellings == [chosen[0]]):
                continue
            preferred, reason = chosen if chosen else _majority(spellings, names)
            of.update({w: len(groups) for w in spellings})
            groups.append({"preferred": preferred, "reason": reason, "spellings": {w: names[w] for w in spellings}})
        return {"groups": groups, "of": of}

    def report(self, stats: dict, verdict: dict):
        names = stats["names"]
        for word in sorted(names):
            gi = verdict["of"].get(word)
            if gi is None:
                continue
            group = verdict["groups"][gi]
            preferred = group["preferred"]
            if word.lower() == preferred.lower():
                continue  # capitals only (EurActiv, Euractiv): headline case, not a spelling
            for path, occurrences in sorted(names[word].items()):
                here = [v for v, paths in group["spellings"].items() if v != word and path in paths]
                if (self.scope == "article") != bool(here):
                    continue
                related, shown = [], []
                for v, paths in sorted(group["spellings"].items()):
                    if v == word:
                        continue
                    for p, occ in sorted(paths.items()):
                        related.append({
                            "spelling": v, "path": p, "preferred": v == preferred,
                            "offsets": [o[1] for o in occ], "lines": [o[2] for o in occ],
                        })
                    if self.scope == "article":
                        if path in paths:
                            shown.append(f"“{v}” (line {_lines(paths[path])})")
                    else:
                        n = len(paths)
                        shown.append(f"“{v}” ({n} file{'s' if n > 1 else ''})")
                if self.scope == "article":
                    others = ", ".join(shown)
                else:
                    others = ", ".join(shown) + " in other files" if shown else f"“{preferred}” in {group['reason']}"
                # The spelling is the finding's text: the engine keeps no copy of the article.
                params = {"text": word, "preferred": preferred, "others": others, "reason": group["reason"]}
                for start, _raw, _line in occurrences:
                    end = start + len(word)
                    yield Hit(start, end, params, (preferred,), (Edit(start, end, preferred),), tuple(related))


def _lines(occurrences: list) -> str:
    return ", ".join(str(n) for n in sorted({o[2] for o in occurrences}))


def _majority(spellings: list[str], names: dict) -> tuple[str, str]:
    def key(w: str, frequency: bool = True) -> tuple:
        return (
            -len(names[w]), foreign_letters(w), -english_zipf(w.lower()) if frequency else 0.0,
            -sum(len(o) for o in names[w].values()), w,
        )  # fmt: skip

    # The English frequency (a table of 321,000 words to load) decides only a tie of files
    # and letters.
    ranked = sorted(spellings, key=lambda w: key(w, False))
    if key(ranked[0], False)[:2] == key(ranked[1], False)[:2]:
        ranked = sorted(spellings, key=key)
    best, second = key(ranked[0]), key(ranked[1])
    labels = ("used by most files", "the one without foreign letters", "the usual English spelling",
              "used most often", "alphabetical order")  # fmt: skip
    for i, label in enumerate(labels):
        if best[i] != second[i]:
            return ranked[0], label if i == 0 else f"files tied; {label}"
    return ranked[0], "alphabetical order"


class SpelledTwoWays(_NameVariants):
    """NM001: the article itself spells the name two ways."""

    scope = "article"


class TransliterationVariant(_NameVariants):
    """NM002: the article is consistent, but other files spell the name differently."""

    scope = "corpus"


# -- names fused with the next word ----------------------------------------------------------


class FusedName:
    """NM003: a name of this article run together with a common English word (``Robleshe
    has`` for ``Roble she has``), as happens where a link ended in the source page."""

    def __init__(self, next_words: list[str] | None = None, min_name: int = 3, min_word: int = 3, unknown_zipf: float = 1.0):
        # Words that follow a name in a sentence (verbs of saying, pronouns, conjunctions):
        # a name fused with a noun is more often a brand (Chinanews) than a lost space.
        self.next_words = frozenset(w.lower() for w in (next_words or []))
        self.min_name = min_name
        self.min_word = min_word
        self.unknown_zipf = unknown_zipf

    def _may_be_fused(self, word: str, capitalised: set[str]) -> bool:
        """Long enough, one capital, letters only, made of a capitalised word of the article
        and one of next_words, and not an English word itself."""
        if len(word) < self.min_name + self.min_word or not word.isalpha() or any(c.isupper() for c in word[1:]):
            return False
        if not any(
            word[i:] in self.next_words and word[:i] in capitalised
            for i in range(len(word) - self.min_word, self.min_name - 1, -1)
        ):
            return False
        return english_zipf(word.lower()) < self.unknown_zipf

    def check(self, doc):
        text = doc.text
        # Most articles have no capitalised, non-English word made of a name of the article
        # and one of next_words: they are done without locating every token. The capitalised
        # words are read from the capital-token pieces (every capitalised token, and perhaps
        # pieces after a hyphen, apostrophe or digit inside a token): more than the tokens
        # lets more words through this filter, never fewer, and a word let through only by
        # such a piece has no finding, for the split below needs its name as a token.
        suffixes = tuple(self.next_words)
        capitalised = {_POSSESSIVE.sub("", t) for t in set(_CAPITAL_PIECES.findall(text)) if t[:1].isupper()}
        fused = {w for w in capitalised if w.endswith(suffixes) and self._may_be_fused(w, capitalised)}
        if not fused:
            return
        starts = set()
        for s in doc.sentences:
            m = _TOKEN.search(text, s.start, s.end)
            if m:
                starts.add(m.start())
        standalone: dict[str, list[int]] = defaultdict(list)
        for m in _TOKEN.finditer(text):
            word = _POSSESSIVE.sub("", m.group())
            if word[:1].isupper() and not word.isupper():
                standalone[word].append(m.start())

        def is_name(word: str, exclude: int) -> bool:
            where = [p for p in standalone.get(word, []) if p != exclude]
            if not where:
                return False
            # A proper noun: written with a capital mid-sentence, or not an English word.
            return any(p not in starts for p in where) or english_zipf(word.lower(), 3.0) < 3.5

        for word, positions in standalone.items():
            if word not in fused:
                continue
            for pos in positions:
                split = None
                for i in range(len(word) - self.min_word, self.min_name - 1, -1):
                    name, rest = word[:i], word[i:]
                    if rest in self.next_words and is_name(name, pos):
                        split = (name, rest)
                        break
                if split is None:
                    continue
                fixed = f"{split[0]} {split[1]}"
                end = pos + len(word)
                yield Hit(pos, end, {"name": split[0], "word": split[1]}, (fixed,), (Edit(pos, end, fixed),))
