"""Helpers shared by the phrase kinds: phrase-to-pattern, case preservation."""

from __future__ import annotations

import re


def phrase_pattern(phrase: str) -> str:
    """A literal phrase as a regex: escaped, any run of spaces matching any whitespace,
    straight and curly apostrophes interchangeable, word boundaries at word edges."""
    parts = [re.escape(p) for p in phrase.split()]
    body = r"\s+".join(parts).replace("'", "['’]").replace("’", "['’]")
    left = r"(?<![\w-])" if phrase[:1].isalnum() else ""
    right = r"(?![\w-])" if phrase[-1:].isalnum() else ""
    return left + body + right


def match_case(source: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``source`` (codespell's rule)."""
    if source.isupper() and len(source) > 1:
        return replacement.upper()
    if source[:1].isupper() and not replacement[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
