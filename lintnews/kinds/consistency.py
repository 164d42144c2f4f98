"""``kind: consistency``: two spellings of one thing in one document (Kiev and Kyiv).

``sets`` is a list of lists of variants, the preferred spelling first. When a document uses
more than one variant of a set, every occurrence of a variant other than the preferred one is
flagged, with the preferred spelling as the fix.
"""

from __future__ import annotations

import re

from lintnews.kinds._phrases import match_case, phrase_pattern
from lintnews.model import Edit, Hit

FIELDS = {"sets", "ignorecase"}


class Consistency:
    def __init__(self, sets: list[tuple[list[str], re.Pattern]]):
        self.sets = sets

    def check(self, doc):
        for variants, pattern in self.sets:
            seen: dict[int, list[re.Match]] = {}
            for m in pattern.finditer(doc.text):
                seen.setdefault(int(m.lastgroup[1:]), []).append(m)
            if len(seen) < 2:
                continue
            preferred = variants[0]
            for idx, matches in sorted(seen.items()):
                if idx == 0:
                    continue
                for m in matches:
                    fix = match_case(m.group(), preferred)
                    others = [variants[j] for j in sorted(seen) if j != idx]
                    yield Hit(
                        m.start(), m.end(),
                        {"text": m.group(), "preferred": preferred, "others": ", ".join(others)},
                        (fix,), (Edit(m.start(), m.end(), fix),),
                        tuple({"spelling": variants[j], "count": len(seen[j])} for j in sorted(seen) if j != idx),
                    )


def build(meta, f):
    raw = f.list("sets")
    flags = re.IGNORECASE if f.bool("ignorecase", False) else 0
    sets = []
    for i, variants in enumerate(raw):
        if not isinstance(variants, list) or len(variants) < 2 or not all(isinstance(v, str) for v in variants):
            raise f.error(f"sets[{i}]", "must be a list of two or more spellings, the preferred first")
        body = "|".join(f"(?P<v{j}>{phrase_pattern(v)})" for j, v in enumerate(variants))
        sets.append((variants, f.regex(f"sets[{i}]", body, flags)))
    return Consistency(sets)
