"""``kind: substitution``: a phrase with a known better wording (calques, garbled phrases).

``entries`` is a list of mappings: ``match`` (a phrase, or a regex with ``regex: true``),
``replace`` (one string or several candidates), and optional ``source`` (the source-language
idiom the calque comes from) and ``note``. All entries compile into one pattern, longest
first, so a rule costs one scan of the text however many entries it has.
"""

from __future__ import annotations

import re

from lintnews.kinds._phrases import match_case, phrase_pattern
from lintnews.model import Edit, Hit

FIELDS = {"entries", "ignorecase"}
ENTRY_FIELDS = {"match", "replace", "source", "note", "regex", "example"}


class Substitution:
    def __init__(self, pattern: re.Pattern, entries: list[dict]):
        self.pattern = pattern
        self.entries = entries

    def check(self, doc):
        for m in self.pattern.finditer(doc.text):
            entry = self.entries[int(m.lastgroup[1:])]
            found = m.group()
            candidates = tuple(match_case(found, r) for r in entry["replace"])
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
    entries, alts = [], []
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
        pattern = match if item.get("regex") else phrase_pattern(match)
        f.regex(f"{field}.match", pattern, flags)
        entries.append({**item, "replace": replace})
        alts.append((len(match), i, pattern))
    alts.sort(key=lambda a: (-a[0], a[1]))
    body = "|".join(f"(?P<e{i}>{p})" for _, i, p in alts)
    return Substitution(f.regex("entries", body, flags), entries)
