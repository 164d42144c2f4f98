"""The syllable table lintnews hands to textstat gives textstat's own scores."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import SAMPLES, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

SCORE = """
import json, sys, textstat
texts = json.load(sys.stdin)
print(json.dumps([[textstat.flesch_reading_ease(t), textstat.flesch_kincaid_grade(t)] for t in texts]))
"""


def _texts() -> list[str]:
    texts = ["\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))]
    mqm = SHARED / "bench" / "mqm" / "ted_documents.jsonl"
    if mqm.is_file():  # talks: contractions, numbers, hyphens, names
        with open(mqm, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for _, line in zip(range(25), fh)]
    return texts


def test_scores_match_textstat_with_the_cmu_dictionary(tmp_path, monkeypatch):
    monkeypatch.setenv("LINTNEWS_DATA_CACHE", str(tmp_path))
    texts = _texts()
    plain = subprocess.run([sys.executable, "-c", SCORE], input=json.dumps(texts), capture_output=True, text=True, check=True)
    import pyphen

    from lintnews.checks.readability import _load_hyphenation, _syllable_table, _syllables, _textstat

    textstat = _textstat()
    for pad in (" ", "  "):  # built, then read back from the cache folder
        _syllable_table.cache_clear()  # earlier tests of this process may have loaded it
        _syllables.cache_clear()
        _load_hyphenation.cache_clear()
        pyphen.hdcache.clear()
        ours = [[textstat.flesch_reading_ease(t + pad), textstat.flesch_kincaid_grade(t + pad)] for t in texts]
        assert ours == json.loads(plain.stdout)
    # the names the CMU dictionary lacks were hyphenated from the stored patterns
    assert sorted({p.name.split("-")[0] for p in tmp_path.iterdir()}) == ["hyphenation", "syllables"]
    assert any(hd.patterns for hd in pyphen.hdcache.values())


# Sentence ends, apostrophes of contractions and quotes, other punctuation, spaces of several
# kinds (the one-pass count joins sentences with \x1e, so texts holding it are drawn too).
_ALPHABET = "ab tsdvelrT'’.!?…,;:-—\"“”()0 9\n\t\x1e\x1c\xa0é_"


_PIECES = st.lists(st.text(alphabet=_ALPHABET, max_size=12), max_size=8)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet=_ALPHABET, max_size=80), _PIECES.map(". ".join), _PIECES.map("! ab ".join)))
def test_sentence_count_equals_textstats(text):
    from textstat.backend.counts._count_sentences import count_sentences as textstats

    from lintnews.checks.readability import count_sentences

    assert count_sentences(text) == textstats(text)


def test_sentence_count_equals_textstats_on_articles():
    from textstat.backend.counts._count_sentences import count_sentences as textstats

    from lintnews.checks.readability import count_sentences

    texts = _texts()
    assert [count_sentences(t) for t in texts] == [textstats(t) for t in texts]


# Fragments that put sentence ends, gaps and contraction apostrophes next to each other
# ("ab. 'tis", "?!' ve", "don't."), where one pass over all the pieces could differ.
_FRAGMENTS = st.lists(
    st.sampled_from(
        ["'", "'t", "'ve", "'ll", "'re", "’", "s", "d", "e", "ab", "x_", "9", " ", "\n", ".", "ab.", ". '", "!", "?'", "…", '"', "(", "-", "\x1e"]
    ),
    max_size=30,
).map("".join)
_TEXTS = st.one_of(st.text(alphabet=_ALPHABET, max_size=80), _PIECES.map(". ".join), _PIECES.map("! ab ".join), _FRAGMENTS)


@settings(max_examples=500, deadline=None)
@given(_TEXTS)
def test_punctuation_free_text_equals_textstats(text):
    """The word list textstat builds (through the remove_punctuation lintnews hands it, which
    shares one pass with the sentence count) is textstat's own, and so is the sentence count
    read from that shared pass afterwards."""
    from textstat.backend.counts._count_sentences import count_sentences as textstats_count
    from textstat.backend.transformations._remove_punctuation import remove_punctuation as textstats

    from lintnews.checks.readability import _textstat, count_sentences

    _textstat()
    from textstat.backend.selections import _list_words

    for rm_apostrophe in (False, True):
        assert _list_words.remove_punctuation(text, rm_apostrophe=rm_apostrophe) == textstats(text, rm_apostrophe=rm_apostrophe)
    assert count_sentences(text) == textstats_count(text)


def test_punctuation_free_text_equals_textstats_on_articles():
    from textstat.backend.transformations._remove_punctuation import remove_punctuation as textstats

    from lintnews.checks.readability import _textstat

    _textstat()
    from textstat.backend.selections import _list_words

    texts = _texts()
    assert [_list_words.remove_punctuation(t, rm_apostrophe=False) for t in texts] == [textstats(t, False) for t in texts]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab .\n\t\xa0\x1e!?", max_size=60), st.integers(min_value=0, max_value=12))
def test_long_sentences_equal_a_count_of_every_sentence(text, max_words):
    """RD001 passes over sentences too short to hold more than max_words words."""
    from lintnews.checks.readability import LongSentence
    from lintnews.document import Document

    doc = Document("t", text)
    oracle = [(s.start, s.end, n) for s in doc.sentences if (n := len(text[s.start : s.end].split())) > max_words]
    assert [(h.start, h.end, h.params["words"]) for h in LongSentence(max_words).check(doc)] == oracle
