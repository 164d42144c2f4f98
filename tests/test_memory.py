"""Memory does not grow with the corpus: between observing and reporting, the engine keeps each
article's corpus statistics and position tables, not its text."""

from __future__ import annotations

import gc
import tracemalloc

from lintnews.config import Settings
from lintnews.document import Document
from lintnews.runner import Linter


WORDS = "the council discussed every item at length and then moved on to budget talks".split()


def _article(i: int) -> str:
    # Long articles with few names: the text dwarfs the name statistics. Each text differs,
    # from a fixed vocabulary.
    body = " ".join(WORDS[(i * k + k) % len(WORDS)] for k in range(4000))
    return f"Sergei Ryabkov spoke.\n{body}.\n"


def test_engine_keeps_statistics_not_texts():
    linter = Linter.from_settings(Settings(select=("NM",)))
    engine = linter.engine()
    size = sum(len(_article(i)) for i in range(60))
    engine.check(Document("warm-up.txt", _article(-1)))  # loads the language tables once
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(60):  # each text made, read and dropped, as files are
        engine.check(Document(f"a{i}.txt", _article(i)))
    gc.collect()
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert kept < size / 5, f"the engine kept {kept} bytes for {size} characters of text"
    # and the corpus verdict still reports on the articles it no longer holds
    texts_b = "Sergei Riabkov spoke.\n"
    engine.check(Document("b.txt", texts_b))
    found = engine.finish()
    assert [(f.path, f.code, texts_b[f.offset : f.end_offset]) for f in found] == [("b.txt", "NM002", "Riabkov")]
    assert "Riabkov" in found[0].message


def test_syllable_memo_is_bounded(monkeypatch):
    """A corpus brings ever new numbers and names: the per-word memo is emptied at its limit."""
    from lintnews.checks.readability import _Syllables

    monkeypatch.setattr(_Syllables, "limit", 50)
    memo = _Syllables({"council": 2}, "en_US")
    counts = [memo[f"x{i}q"] for i in range(120)]
    assert len(memo) <= 50 and all(n >= 1 for n in counts)
    assert memo["council"] == 2
