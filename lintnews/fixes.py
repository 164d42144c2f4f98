"""Apply edits once, right to left, never overlapping."""

from __future__ import annotations

from typing import Iterable

from lintnews.model import Edit


def select_edits(edits: Iterable[Edit]) -> tuple[list[Edit], list[Edit]]:
    """Keep a deterministic set of non-overlapping edits: by start offset, earlier first,
    then the shorter span; an edit overlapping one already kept is skipped. Two insertions at
    the same point conflict too, as their order would be arbitrary."""
    kept: list[Edit] = []
    skipped: list[Edit] = []
    last_end = -1
    last_start = -1
    for e in sorted(set(edits), key=lambda e: (e.offset, e.end_offset, e.content)):
        overlaps = e.offset < last_end or (e.offset == last_start and e.offset == e.end_offset) or (
            e.offset == last_end and e.offset == e.end_offset and kept and kept[-1].offset == kept[-1].end_offset
        )
        if overlaps:
            skipped.append(e)
            continue
        kept.append(e)
        last_start, last_end = e.offset, e.end_offset
    return kept, skipped


def apply_edits(text: str, edits: Iterable[Edit]) -> tuple[str, list[Edit]]:
    """Return the edited text and the edits that were skipped because they overlapped."""
    kept, skipped = select_edits(edits)
    for e in reversed(kept):
        if not (0 <= e.offset <= e.end_offset <= len(text)):
            raise ValueError(f"edit {e} is outside the text ({len(text)} characters)")
        text = text[: e.offset] + e.content + text[e.end_offset :]
    return text, skipped
