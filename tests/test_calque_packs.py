"""The calque packs are data; these tests check the data itself (codespell-style): sizes per
source language, every entry documented and caught on its own example, no entry firing on
clean English, no suggested wording that a pack flags again, no entry listed twice."""

from __future__ import annotations

import json
import re

import pytest

from conftest import SAMPLES, SHARED, needs_shared
from lintnews.document import Document
from lintnews.kinds._phrases import phrase_pattern
from lintnews.packs import load_rules

# source language -> (pack folder, rule code)
PACKS = {
    "es": ("es-en", "CQ010"),
    "fr": ("fr-en", "CQ020"),
    "de": ("de-en", "CQ030"),
    "ru": ("ru-en", "CQ040"),
    "cs": ("cs-en", "CQ050"),
    "pt": ("pt-en", "CQ060"),
    "it": ("it-en", "CQ070"),
    "tr": ("tr-en", "CQ080"),
}
MIN_ENTRIES = 40

RULES = load_rules()
CALQUES = [r for r in RULES if r.meta.family == "calques" and r.meta.kind == "substitution"]
BY_CODE = {r.meta.code: r for r in CALQUES}
ENTRIES = [
    pytest.param(rule, entry, id=f"{rule.meta.code}-{i}")
    for rule in CALQUES
    for i, entry in enumerate(rule.checker.entries)
]


def _entry_pattern(entry) -> re.Pattern:
    body = entry["match"] if entry.get("regex") else phrase_pattern(entry["match"])
    return re.compile(body, re.IGNORECASE)


def _hits(text: str):
    doc = Document("t.txt", text)
    return [(r.meta.code, text[h.start:h.end]) for r in CALQUES for h in r.checker.check(doc)]


@pytest.mark.parametrize("lang", sorted(PACKS))
def test_each_source_language_has_a_full_pack(lang):
    folder, code = PACKS[lang]
    rule = BY_CODE.get(code)
    assert rule is not None, f"no calque pack {code} for {lang}"
    assert rule.meta.source_language == lang, "the pack must record its source language"
    assert rule.meta.path.replace("\\", "/").split("/")[-2] == folder
    assert len(rule.checker.entries) >= MIN_ENTRIES, f"{code} has {len(rule.checker.entries)} entries"
    for entry in rule.checker.entries:
        assert entry.get("source", "").strip(), f"{code}: {entry['match']!r} has no source idiom"
        assert entry.get("example", "").strip(), f"{code}: {entry['match']!r} has no example"


def test_shared_pack_is_not_tied_to_a_language():
    assert BY_CODE["CQ001"].meta.source_language is None


@pytest.mark.parametrize("rule,entry", ENTRIES)
def test_entry_catches_its_own_example(rule, entry):
    """The entry itself (not a neighbour in the pack) matches its example sentence."""
    assert "example" in entry, f"{rule.meta.code}: {entry['match']!r} has no example"
    assert _entry_pattern(entry).search(entry["example"]), (
        f"{rule.meta.code}: {entry['match']!r} does not match its example {entry['example']!r}"
    )


@pytest.mark.parametrize("rule,entry", ENTRIES)
def test_no_suggestion_is_flagged_by_any_pack(rule, entry):
    for replacement in entry["replace"]:
        assert _hits(replacement) == [], f"{rule.meta.code}: suggestion {replacement!r} is flagged"


def test_fixed_examples_are_not_flagged_again():
    """Applying an entry's first suggestion to its own example leaves nothing there for any pack."""
    for rule in CALQUES:
        for entry in rule.checker.entries:
            example = entry["example"]
            m = _entry_pattern(entry).search(example)
            start, end = m.start(), m.start() + len(entry["replace"][0])
            fixed = example[:start] + entry["replace"][0] + example[m.end():]
            doc = Document("f.txt", fixed)
            again = [fixed[h.start:h.end] for r in CALQUES for h in r.checker.check(doc)
                     if h.start < end and h.end > start]
            assert again == [], f"{rule.meta.code}: {entry['match']!r} -> {fixed!r} flags {again}"


def test_no_match_is_listed_twice_across_packs():
    seen: dict[str, str] = {}
    for rule in CALQUES:
        for entry in rule.checker.entries:
            key = entry["match"].lower()
            assert key not in seen, f"{entry['match']!r} is in {seen[key]} and {rule.meta.code}"
            seen[key] = rule.meta.code


def _clean_texts():
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted((SAMPLES / "clean").glob("*.txt"))}
    bench = SHARED / "bench" / "clean"
    if bench.is_dir():
        texts.update({p.name: p.read_text(encoding="utf-8") for p in sorted(bench.glob("*.txt"))})
    return texts


def test_no_pack_fires_on_clean_english():
    """Checked on the checkers directly, so it holds whatever source language is inferred."""
    texts = _clean_texts()
    assert len(texts) >= 3
    found = [(name, hit) for name, text in texts.items() for hit in _hits(text)]
    assert found == []


def test_clean_bench_is_present_for_the_precision_check():
    bench = needs_shared(SHARED / "bench" / "clean")
    assert len(list(bench.glob("*.txt"))) == 30


def test_source_language_option_switches_packs(cli, tmp_path):
    """With a source language only that language's pack (and the shared one) runs; with
    ``all`` every pack runs."""
    text = (
        "Some 2,000 people assisted to the ceremony.\n"      # French
        "The minister manifested that taxes will fall.\n"    # Spanish
        "Police excited a criminal case on the fact of theft.\n"  # Russian
        "Luck for peace\n"                                   # shared
    )
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")

    def codes(*args):
        r = cli("check", "--format", "json", "--select", "CQ", *args, str(path))
        assert r.returncode == 1, r.stderr.decode()
        return sorted({f["code"] for f in json.loads(r.stdout)["findings"]})

    assert codes("--source-language", "fr") == ["CQ001", "CQ020"]
    assert codes("--source-language", "es") == ["CQ001", "CQ010"]
    assert codes("--source-language", "all") == ["CQ001", "CQ010", "CQ020", "CQ040"]
