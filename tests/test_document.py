"""Document structure (paragraphs) and the quote-mark scan, against plain reference versions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from lintnews.document import Document, Span

# Letters, sentence ends and abbreviations' dots, and every kind of space: the ones str.split
# and str.strip know beyond the ASCII ones (no-break, line and paragraph separators, \x1c-\x1f).
_TEXT = st.text(alphabet="ab A.!?…\"”’)\n\n\t \xa0\u2028\u2029\x1c\x0b\r\x85é1", max_size=60)


def _paragraphs_line_by_line(doc: Document) -> list[Span]:
    out = []
    for span in doc.lines:
        seg = doc.text[span.start : span.end]
        stripped = seg.strip()
        if stripped:
            lead = len(seg) - len(seg.lstrip())
            out.append(Span(span.start + lead, span.start + lead + len(stripped)))
    return out


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_paragraphs_are_the_stripped_non_blank_lines(text):
    doc = Document("t.txt", text)
    assert doc.paragraphs == _paragraphs_line_by_line(doc)


_QUOTED = st.lists(st.sampled_from(["“", "”", '"', "a", " ", "\n", "\n\n", ".", "b c"]), max_size=30).map("".join)


@settings(max_examples=500, deadline=None)
@given(_QUOTED)
def test_quote_scan_skips_only_paragraphs_with_nothing_to_say(text):
    from lintnews.checks.quotes import _scan

    doc = Document("t.txt", text)
    assert list(_scan(doc)) == list(_scan(doc, skip_quiet=False))
