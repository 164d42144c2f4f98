"""The syllable table lintnews hands to textstat gives textstat's own scores."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import SAMPLES

SCORE = """
import json, sys, textstat
text = sys.stdin.read()
print(json.dumps([textstat.flesch_reading_ease(text), textstat.flesch_kincaid_grade(text)]))
"""


def test_scores_match_textstat_with_the_cmu_dictionary(tmp_path, monkeypatch):
    monkeypatch.setenv("LINTNEWS_DATA_CACHE", str(tmp_path))
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt")))
    plain = subprocess.run([sys.executable, "-c", SCORE], input=text, capture_output=True, text=True, check=True)
    import pyphen

    from lintnews.checks.readability import _load_hyphenation, _pronunciations, _syllable_table, _textstat

    textstat = _textstat()
    for pad in (" ", "  "):  # built, then read back from the cache folder
        _syllable_table.cache_clear()  # earlier tests of this process may have loaded it
        _pronunciations.cache_clear()
        _load_hyphenation.cache_clear()
        pyphen.hdcache.clear()
        ours = [textstat.flesch_reading_ease(text + pad), textstat.flesch_kincaid_grade(text + pad)]
        assert ours == json.loads(plain.stdout)
    # the samples' names the CMU dictionary lacks were hyphenated from the stored patterns
    assert sorted(p.name.split("-")[0] for p in tmp_path.iterdir()) == ["hyphenation", "syllables"]
    assert any(hd.patterns for hd in pyphen.hdcache.values())
