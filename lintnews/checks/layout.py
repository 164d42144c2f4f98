"""Page furniture that a phrase list cannot catch."""

from __future__ import annotations

import re

from lintnews.model import Edit, Hit

# A lower-case letter directly followed by a capital that starts a word of two or more letters.
_JOIN = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-zA-Z])")


class RunTogetherMenu:
    """A navigation menu scraped as one line: ``EuropeFranceMiddle EastNational News``.

    A short line with no sentence punctuation in which capitalised words are glued together
    at least ``min_joins`` times (camel-case brand names such as YouTube join once)."""

    def __init__(self, min_joins: int = 3, max_length: int = 160):
        self.min_joins = min_joins
        self.max_length = max_length

    def check(self, doc):
        text = doc.text
        for line in doc.paragraphs:
            seg = text[line.start : line.end]
            if len(seg) > self.max_length or re.search(r"[.,;:!?]\s|[.!?]$", seg):
                continue
            joins = [m.start() for m in _JOIN.finditer(seg)]
            if len(joins) < self.min_joins:
                continue
            items = []
            prev = 0
            for j in joins + [len(seg)]:
                items.append(seg[prev:j])
                prev = j
            yield Hit(
                line.start, line.end,
                {"items": " | ".join(items), "count": len(items)},
                (),
                (Edit(line.start, _line_end_with_break(text, line.end), ""),),
            )


def _line_end_with_break(text: str, end: int) -> int:
    return end + 1 if end < len(text) and text[end] == "\n" else end
