"""``kind: substitution``: a phrase with a known better wording (calques, garbled phrases).

``entries`` is a list of mappings: ``match`` (a phrase, or a regex with ``regex: true``),
``replace`` (one string or several candidates), and optional ``source`` (the source-language
idiom the calque comes from), ``note`` and ``example``.

Speed: a pack has dozens of entries and most documents contain none of them. Each phrase entry
is indexed by its words; a document's lower-cased word set (computed once and shared by every
substitution rule) picks the candidate entries, and only those are compiled, longest first,
into one pattern (cached per set of candidates). Regex entries are indexed by the plain words
outside their groups (:func:`required_words`), or always tried when there are none.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lintnews.document import WORD_RE
from lintnews.kinds._phrases import match_case, phrase_pattern
from lintnews.model import Edit, Hit

FIELDS = {"entries", "ignorecase"}
ENTRY_FIELDS = {"match", "replace", "source", "note", "regex", "example"}


def word_set(doc) -> frozenset[str]:
    """The document's words, lower-cased, apostrophes unified (memoised on the document)."""
    words = doc.facts.get("_word_set")
    if words is None:
        lower = doc.text.lower().replace("’", "'")
        # Whole tokens ("de-stress") and their parts ("block" of "block's").
        words = doc.facts["_word_set"] = frozenset(WORD_RE.findall(lower)) | frozenset(_PART.findall(lower))
    return words


_PART = re.compile(r"\w+")
_GROUP = re.compile(r"\((?:[^()\\]|\\.)*\)")
_CLASS = re.compile(r"\[(?:[^\]\\]|\\.)*\]")
_SEPARATOR = re.compile(r"\\s[+*]?|\\b| +")


def required_words(pattern: str) -> frozenset[str]:
    """Words every match of a regex entry must contain, for the prefilter: the plain words
    outside groups and classes. Empty (no prefilter) when that cannot be told safely."""
    rest = pattern
    while True:  # innermost groups first, until none are left
        stripped = _GROUP.sub("\0", rest)
        if stripped == rest:
            break
        rest = stripped
    rest = _CLASS.sub("\0", rest)
    if "|" in rest or "(" in rest or "[" in rest:
        return frozenset()
    words = set()
    for token in _SEPARATOR.split(rest):
        if re.fullmatch(r"[A-Za-z]+", token):
            words.add(token.lower())
    return frozenset(words)


class Substitution:
    def __init__(self, entries: list[dict], patterns: list[str], flags: int):
        self.entries = entries
        self.flags = flags
        self._patterns = patterns
        # Phrase entries: the words that must all occur in a document for the entry to match.
        self._needs: list[tuple[int, frozenset[str]]] = []
        self._always: list[int] = []
        for i, entry in enumerate(entries):
            if not flags:
                self._always.append(i)
                continue
            if entry.get("regex"):
                need = required_words(entry["match"])
            else:
                need = frozenset(WORD_RE.findall(entry["match"].lower().replace("’", "'")))
            if need:
                self._needs.append((i, need))
            else:
                self._always.append(i)
        self._compile = lru_cache(maxsize=256)(self._build)

    def _build(self, ids: tuple[int, ...]) -> re.Pattern:
        alts = sorted(ids, key=lambda i: (-len(self.entries[i]["match"]), i))
        return re.compile("|".join(f"(?P<e{i}>{self._patterns[i]})" for i in alts), self.flags)

    def candidates(self, doc) -> tuple[int, ...]:
        words = word_set(doc)
        ids = list(self._always)
        ids.extend(i for i, need in self._needs if need <= words)
        return tuple(sorted(ids))

    def check(self, doc):
        ids = self.candidates(doc)
        if not ids:
            return
        for m in self._compile(ids).finditer(doc.text):
            entry = self.entries[int(m.lastgroup[1:])]
            found = m.group()
            # An entry written with a capital ("Russian detention") is capitalised by its own
            # words, not by its place in the sentence: keep the replacement as written.
            candidates = tuple(r if entry["capitalised"] else match_case(found, r) for r in entry["replace"])
            edits = (Edit(m.start(), m.end(), candidates[0]),) if len(candidates) == 1 else None
            params = {
                "text": found,
                "replace": " or ".join(f"“{c}”" for c in candidates),
                "source": entry.get("source") or "",
            }
            yield Hit(m.start(), m.end(), params, candidates, edits)


def build(meta, f):
    raw = f.list("entries")
    if not raw:
        raise f.error("entries", "must list at least one entry")
    flags = re.IGNORECASE if f.bool("ignorecase", True) else 0
    entries, patterns = [], []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        field = f"entries[{i}]"
        if not isinstance(item, dict):
            raise f.error(field, "must be a mapping with match and replace")
        extra = set(item) - ENTRY_FIELDS
        if extra:
            raise f.error(f"{field}.{sorted(extra)[0]}", "unknown field")
        match = item.get("match")
        if not isinstance(match, str) or not match.strip():
            raise f.error(f"{field}.match", "must be a non-empty string")
        key = match.lower() if flags else match
        if key in seen:
            raise f.error(f"{field}.match", f"{match!r} duplicates entries[{seen[key]}]")
        seen[key] = i
        replace = item.get("replace")
        if isinstance(replace, str):
            replace = [replace]
        if not isinstance(replace, list) or not replace or not all(isinstance(r, str) for r in replace):
            raise f.error(f"{field}.replace", "must be a string or a non-empty list of strings")
        for key_name in ("source", "note", "example"):
            if key_name in item and not isinstance(item[key_name], str):
                raise f.error(f"{field}.{key_name}", "must be a string")
        if "regex" in item and not isinstance(item["regex"], bool):
            raise f.error(f"{field}.regex", "must be true or false")
        pattern = match if item.get("regex") else phrase_pattern(match)
        f.regex(f"{field}.match", pattern, flags)
        first = re.search(r"[^\W\d_]", re.sub(r"\(\?<?[!=][^)]*\)|\\[a-zA-Z]", "", match) if item.get("regex") else match)
        entries.append({**item, "replace": replace, "capitalised": bool(first and first.group().isupper())})
        patterns.append(pattern)
    return Substitution(entries, patterns, flags)
