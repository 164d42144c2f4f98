"""``kind: substitution``: a phrase with a known better wording (calques, garbled phrases).

``entries`` is a list of mappings: ``match`` (a phrase, or a regex with ``regex: true``),
``replace`` (one string or several candidates), and optional ``source`` (the source-language
idiom the calque comes from), ``note`` and ``example``.

Speed: a pack has dozens of entries and most documents contain none of them. A phrase entry is
tried only when the document's lower-cased word set (computed once, shared by every
substitution rule) holds all its words; a regex entry only when the document holds its
literal letter runs (:func:`required_literals`). Each entry is compiled once; the matches of
the candidates are merged leftmost first, then longest.
"""

from __future__ import annotations

import re

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
_ESCAPE = re.compile(r"\\.")
_GROUP = re.compile(r"\([^()]*\)")
_CLASS = re.compile(r"\[[^\]]*\]")
_LETTERS = re.compile(r"[A-Za-z]+")


def required_literals(pattern: str) -> tuple[frozenset[str], ...]:
    """For the prefilter: per top-level alternative of a regex entry, the lower-case letter
    runs every match of that alternative contains (literal letters outside groups, classes
    and escapes; a letter made optional by a quantifier is left out). A match contains all
    the runs of at least one alternative. Empty when some alternative has no such run."""
    rest = _ESCAPE.sub("\1", pattern)
    while True:  # innermost groups first, until none are left
        stripped = _GROUP.sub("\0", rest)
        if stripped == rest:
            break
        rest = stripped
    rest = _CLASS.sub("\0", rest)
    if any(c in rest for c in "()[]"):
        return ()
    branches = []
    for branch in rest.split("|"):
        out = set()
        for m in _LETTERS.finditer(branch):
            run = m.group()
            if branch[m.end() : m.end() + 1] in ("?", "*", "{"):
                run = run[:-1]
            if len(run) >= 3:
                out.add(run.lower())
        if not out:
            return ()
        branches.append(frozenset(out))
    return tuple(branches)


def lowered(doc) -> str:
    low = doc.facts.get("_lowered")
    if low is None:
        low = doc.facts["_lowered"] = doc.text.lower().replace("’", "'")
    return low


class Substitution:
    def __init__(self, entries: list[dict], patterns: list[str], flags: int):
        self.entries = entries
        self.flags = flags
        self._compiled = [re.compile(p, flags) for p in patterns]
        # Phrase entries need all their words in the document; regex entries their literal
        # letter runs in its lower-cased text; entries with neither are always tried.
        self._words: list[tuple[int, frozenset[str]]] = []
        self._literals: list[tuple[int, tuple[frozenset[str], ...]]] = []
        self._always: list[int] = []
        for i, entry in enumerate(entries):
            if entry.get("regex"):
                need = required_literals(entry["match"])
                (self._literals if need else self._always).append((i, need) if need else i)
            else:
                need = frozenset(WORD_RE.findall(entry["match"].lower().replace("’", "'")))
                (self._words if need else self._always).append((i, need) if need else i)

    def candidates(self, doc) -> list[int]:
        ids = list(self._always)
        if self._words:
            words = word_set(doc)
            ids.extend(i for i, need in self._words if need <= words)
        if self._literals:
            low = lowered(doc)
            ids.extend(i for i, need in self._literals if any(all(n in low for n in b) for b in need))
        return ids

    def _matches(self, doc):
        """Non-overlapping matches of the candidate entries: leftmost first, then longest."""
        found = []
        for i in self.candidates(doc):
            for m in self._compiled[i].finditer(doc.text):
                if m.end() > m.start():
                    found.append((m.start(), m.start() - m.end(), i, m))
        found.sort(key=lambda f: f[:3])
        last_end = -1
        for start, _, i, m in found:
            if start >= last_end:
                last_end = m.end()
                yield i, m

    def check(self, doc):
        """The hits, computed once per document: source-language inference reads every pack's
        hits as evidence before the selected packs report them."""
        key = f"_substitution_{id(self)}"
        hits = doc.facts.get(key)
        if hits is None:
            hits = doc.facts[key] = list(self._hits(doc))
        return iter(hits)

    def _hits(self, doc):
        for i, m in self._matches(doc):
            entry = self.entries[i]
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
