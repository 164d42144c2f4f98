"""The sentence rules' faster scans find what the first, plainer ones found.

Each oracle below is the code as first written (every paragraph, every sentence visited), kept
here to compare the faster one with on generated texts rich in what the rule looks at."""

from __future__ import annotations

import re

from hypothesis import event, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from lintnews.checks import sentence
from lintnews.checks.sentence import (
    _DOUBLED,
    DoubledAttribution,
)
from lintnews.document import Document

SAMPLES = sorted((ROOT / "samples").rglob("*.txt"))


def _texts(pieces):
    return st.lists(st.sampled_from(pieces), max_size=40).map("".join)


# -- SN002 ----------------------------------------------------------------------------------


def _doubled_in_every_paragraph(doc):
    """DoubledAttribution.check as first written: _DOUBLED run on every paragraph."""
    text = doc.text
    for para in doc.paragraphs:
        for m in _DOUBLED.finditer(text, para.start, para.end):
            yield m.span(4), m.span(2), m.span(5), m.groups()


def _doubled(doc):
    return list(DoubledAttribution().check(doc))


def _doubled_oracle(doc):
    rule = DoubledAttribution()
    saved = sentence._SECOND_ATTRIBUTION
    sentence._SECOND_ATTRIBUTION = re.compile("")  # matches every text: no pre-check
    try:
        return list(rule.check(doc))
    finally:
        sentence._SECOND_ATTRIBUTION = saved


# Runs of (words, punctuation, space), so that attributions often follow one another.
_ATTRIBUTION_TEXTS = st.lists(
    st.tuples(
        st.sampled_from(["he said", "He said", "SHE ADDED", "they say", "We told", "ıt said", "it", "x",
                         "cheese said", "“x”", ""]),
        st.sampled_from([".", ",", ";", ":", ""]),
        st.sampled_from([" ", "  ", "\t", "\n", " “", "", "x"]),
    ).map("".join),
    max_size=12,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_ATTRIBUTION_TEXTS)
def test_doubled_attribution_precheck_skips_only_articles_without_one(text):
    doc = Document("t.txt", text)
    found = list(_doubled_in_every_paragraph(doc))
    event(f"doubled: {bool(found)}")
    assert _doubled(doc) == _doubled_oracle(Document("t.txt", text))
    if found:  # the pre-check itself, not only the findings
        assert sentence._SECOND_ATTRIBUTION.search(doc.text)


def test_doubled_attribution_seeds():
    assert _doubled(Document("t.txt", "“Go,” he added. he said. “Then.”"))
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        assert _doubled(Document(path.name, text)) == _doubled_oracle(Document(path.name, text))
