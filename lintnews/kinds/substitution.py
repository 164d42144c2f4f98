"""``kind: substitution``: a phrase with a known better wording (calques, garbled phrases).

``entries`` is a list of mappings: ``match`` (a phrase, or a regex with ``regex: true``),
``replace`` (one string or several candidates), and optional ``source`` (the source-language
idiom the calque comes from), ``note`` and ``example``.

Speed: a pack has dozens of entries and most documents contain none of them. Each entry is
reduced to the literal strings any match of it must contain (:mod:`lintnews.kinds._literals`);
one automaton over the strings of every pack finds those present in a document in one pass, and
only the entries they allow are run. Each entry is compiled once; the matches of the candidates
are merged leftmost first, then longest.
"""

from __future__ import annotations

import re

from lintnews.kinds._literals import INDEX, Clauses, checked_requirements, satisfied
from lintnews.kinds._phrases import match_case, phrase_pattern
from lintnews.model import Edit, Hit

FIELDS = {"entries", "ignorecase"}
ENTRY_FIELDS = {"match", "replace", "source", "note", "regex", "example"}


class Substitution:
    def __init__(self, entries: list[dict], patterns: list[str], flags: int, needs: list[Clauses]):
        self.entries = entries
        self.flags = flags
        self._patterns = patterns
        self._compiled: dict[int, re.Pattern] = {}  # on first use: most entries never run
        # What each entry's matches must contain; entries with no provable requirement are
        # always tried.
        self._needs = needs
        self._always = [i for i, need in enumerate(self._needs) if not need]
        # Each filtered entry is looked up by the strings of its first clause, then its
        # other clauses are checked.
        self._trigger: dict[str, list[int]] = {}
        for i, need in enumerate(self._needs):
            INDEX.register(need)
            for string in need[0] if need else ():
                self._trigger.setdefault(string, []).append(i)

    def __setstate__(self, state: dict) -> None:
        """Unpickled in another process (a Dask worker): register the strings there too."""
        self.__dict__.update(state)
        for need in self._needs:
            INDEX.register(need)

    def candidates(self, doc) -> list[int]:
        ids = set(self._always)
        if self._trigger:
            present = INDEX.present(doc)
            trigger = self._trigger
            for i in {i for string in present if string in trigger for i in trigger[string]}:
                if satisfied(self._needs[i], present):
                    ids.add(i)
        return sorted(ids)

    def pattern(self, i: int) -> re.Pattern:
        compiled = self._compiled.get(i)
        if compiled is None:
            compiled = self._compiled[i] = re.compile(self._patterns[i], self.flags)
        return compiled

    def _matches(self, doc):
        """Non-overlapping matches of the candidate entries: leftmost first, then longest."""
        found = []
        for i in self.candidates(doc):
            for m in self.pattern(i).finditer(doc.text):
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
        first = re.search(r"[^\W\d_]", re.sub(r"\(\?<?[!=][^)]*\)|\\[a-zA-Z]", "", match) if item.get("regex") else match)
        entries.append({**item, "replace": replace, "capitalised": bool(first and first.group().isupper())})
        patterns.append(pattern)
    # Every pattern compiles (checked once, then remembered with what its matches contain).
    def validate() -> None:
        for i, pattern in enumerate(patterns):
            f.regex(f"entries[{i}].match", pattern, flags)

    needs = checked_requirements(patterns, flags, validate)
    return Substitution(entries, patterns, flags, needs)
