"""Names spelled several ways, in one article and across the files checked together."""

from __future__ import annotations

import itertools
import json
import pickle
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SAMPLES
from lintnews.document import Document
from lintnews.engine import Engine
from lintnews.packs import load_rules

SEEDS = sorted(SAMPLES.glob("*.txt"))
RULES = {r.meta.code: r for r in load_rules()}


def _json(result):
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return json.loads(result.stdout)


def _findings(texts: dict[str, str], codes=("NM001", "NM002")):
    engine = Engine([RULES[c] for c in codes])
    for path, text in texts.items():
        engine.check(Document(path, text))
    return sorted((f.path, f.code, f.offset, f.suggestions) for f in engine.finish())


def _spans(found, texts):
    return sorted((p, texts[p][o : o + len(s[0])] if s else "", s[0]) for p, _c, o, s in found)


# -- the "done when" on the seed articles ------------------------------------------------


def test_seed_articles_together(cli):
    r = cli("check", "--format", "json", "--select", "NM", *[str(p.relative_to(ROOT)) for p in SEEDS])
    data = _json(r)
    got = {}
    for f in data["findings"]:
        text = (ROOT / f["path"]).read_text(encoding="utf-8")
        got.setdefault((f["path"].rsplit("/", 1)[-1][:3], text[f["offset"] : f["end_offset"]]), set()).add(f["suggestions"][0])
    assert got[("000", "Gruško")] == {"Grushko"}
    assert got[("003", "Grushkó")] == {"Grushko"} and got[("004", "Grushkó")] == {"Grushko"}
    assert got[("004", "Riabkov")] == {"Ryabkov"}
    assert got[("002", "Kiev")] == {"Kyiv"}
    # one finding per span, whichever of NM001/NM002 reports it
    spans = [(f["path"], f["offset"]) for f in data["findings"]]
    assert len(spans) == len(set(spans))
    # the preferred spellings and the distinct people are never reported
    flagged = {word for _, word in got}
    assert not flagged & {"Grushko", "Kyiv", "Ryabkov", "Alexander", "Fomin", "Stoltenberg", "Sherman"}


def test_json_related_names_the_other_spellings_with_file_offsets(cli, tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    # CRLF before the name: file offsets differ from the normalised text's.
    a.write_bytes("Talks opened.\r\nDeputy Minister Sergei Ryabkov spoke.\r\n".encode())
    b.write_bytes("Deputy Minister Sergey Riabkov left.\n".encode())
    data = _json(cli("check", "--format", "json", "--select", "NM", str(a), str(b)))
    riabkov = [f for f in data["findings"] if f["path"] == str(b) and f["suggestions"] == ["Ryabkov"]]
    assert len(riabkov) == 1 and riabkov[0]["code"] == "NM002"
    (rel,) = riabkov[0]["related"]
    assert rel["spelling"] == "Ryabkov" and rel["path"] == str(a) and rel["preferred"] is True
    raw = a.read_bytes().decode()
    assert [raw[o : o + 7] for o in rel["offsets"]] == ["Ryabkov"] and rel["lines"] == [2]
    assert riabkov[0]["fix"]["edits"] == [{"offset": 23, "end_offset": 30, "content": "Ryabkov"}]


# -- the corpus phases ---------------------------------------------------------------------------


def _partitioned(rule, docs, grouping):
    """Observe every document, merge in the given grouping, decide, report each document."""
    stats = [pickle.loads(pickle.dumps(rule.checker.observe(d))) for d in docs]

    def reduce(items):
        if grouping == "left":
            return list(itertools.accumulate(items, rule.checker.merge))[-1]
        if grouping == "right":
            acc = items[-1]
            for s in reversed(items[:-1]):
                acc = rule.checker.merge(s, acc)
            return acc
        rng = random.Random(grouping)
        parts = list(items)
        rng.shuffle(parts)
        while len(parts) > 1:  # random tree of partitions, any order
            i = rng.randrange(len(parts) - 1)
            parts[i : i + 2] = [rule.checker.merge(parts[i], parts[i + 1])]
        return parts[0]

    verdict = pickle.loads(pickle.dumps(rule.checker.decide(reduce(stats))))
    return [
        (d.path, h.start, h.end, h.suggestions, json.dumps(h.related, sort_keys=True))
        for d, s in zip(docs, stats)
        for h in rule.checker.report(s, verdict)
    ]


@pytest.mark.parametrize("code", ["NM001", "NM002"])
def test_merge_in_any_grouping_gives_the_same_findings(code):
    docs = [Document(str(p), p.read_text(encoding="utf-8")) for p in SEEDS + sorted((SAMPLES / "clean").glob("*.txt"))]
    rule = RULES[code]
    one_pass = _partitioned(rule, docs, "left")
    assert one_pass, "the seeds have names spelled several ways"
    for grouping in ["right", 1, 2, 3, 4]:
        assert _partitioned(rule, docs, grouping) == one_pass


# -- precision: different people and words stay apart --------------------------------------------


@pytest.mark.parametrize(
    "texts",
    [
        {"a": "Alexander Fomin spoke.", "b": "Fomina and Fomin spoke again."},
        {"a": "Kim Jong-un met envoys.", "b": "Kim Yo-jong met envoys. Jong-un waited."},
        {"a": "Myers said so.", "b": "Miers said so."},  # two English surnames
        {"a": "Mark Smith came.", "b": "Marc Smyth came."},
        {"a": "Alexander Hamilton wrote.", "b": "Aleksandr Solzhenitsyn wrote."},  # no shared surname
        {"a": "EurActiv reported it.", "b": "Euractiv reported it."},  # capitals only
        {"a": "Lugansk was shelled.", "b": "Odessa was calm."},  # one spelling each: no style policing
    ],
)
def test_distinct_names_are_not_merged(texts):
    assert _findings(texts) == []


def test_first_names_merge_only_before_one_surname():
    texts = {"a": "Sergei Ryabkov spoke.", "b": "Sergey Riabkov replied."}
    assert _spans(_findings(texts), texts) == [("b", "Riabkov", "Ryabkov"), ("b", "Sergey", "Sergei")]


def test_majority_of_files_then_documented_tie_breaks():
    texts = {"a": "Grushkó spoke.", "b": "Grushkó spoke.", "c": "Grushko spoke."}
    assert _spans(_findings(texts), texts) == [("c", "Grushko", "Grushkó")]  # most files
    texts = {"a": "Grushkó spoke.", "b": "Grushko spoke."}
    assert _spans(_findings(texts), texts) == [("a", "Grushkó", "Grushko")]  # tie: no foreign letters


def test_style_list_beats_the_majority():
    texts = {"a": "In Kiev.", "b": "In Kiev.", "c": "In Kyiv."}
    assert _spans(_findings(texts), texts) == [("a", "Kiev", "Kyiv"), ("b", "Kiev", "Kyiv")]


# -- names file and context files ----------------------------------------------------------------


def test_names_file_sets_the_preferred_spelling(cli, tmp_path):
    names = tmp_path / "names.txt"
    names.write_text("# our style\nRiabkov\nKiev: Kyiv\n", encoding="utf-8")
    a = tmp_path / "a.txt"
    a.write_text("Sergey Ryabkov said Kyiv must act.\n", encoding="utf-8")
    data = _json(cli("check", "--format", "json", "--select", "NM", "--names-file", str(names), str(a)))
    got = sorted((f["code"], f["suggestions"][0]) for f in data["findings"])
    assert got == [("NM002", "Kiev"), ("NM002", "Riabkov")]
    assert "your names file" in data["findings"][0]["message"]


def test_names_file_in_config_is_relative_to_it(cli, tmp_path):
    (tmp_path / "style").mkdir()
    (tmp_path / "style" / "names.yaml").write_text("Riabkov: []\n", encoding="utf-8")
    (tmp_path / "lintnews.toml").write_text('names-file = "style/names.yaml"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Ryabkov spoke. Riabkov left.\n", encoding="utf-8")
    data = _json(cli("check", "--format", "json", "--select", "NM", "a.txt", cwd=tmp_path))
    assert [f["suggestions"] for f in data["findings"]] == [["Riabkov"]]


@pytest.mark.parametrize("content,problem", [("Riabkov: [\n", "not valid YAML"), (None, "cannot be read")])
def test_bad_names_file_is_a_clear_error(cli, tmp_path, content, problem):
    names = tmp_path / "names.yaml"
    if content is not None:
        names.write_text(content, encoding="utf-8")
    r = cli("check", "--names-file", str(names), "samples/clean")
    assert r.returncode == 2 and b"Traceback" not in r.stderr
    err = r.stderr.decode()
    assert str(names) in err and problem in err


def test_context_files_inform_but_are_not_reported(cli):
    staged, other = "samples/004_fd677fe0ad03acfe.txt", "samples/001_ef2231fc711cd52d.txt"
    alone = _json(cli("check", "--format", "json", "--select", "NM", staged))
    assert alone["findings"] == []
    data = _json(cli("check", "--format", "json", "--select", "NM", "--context", other, staged))
    assert data["files"] == [staged] and [d["path"] for d in data["documents"]] == [staged]
    assert {f["path"] for f in data["findings"]} == {staged}
    # Sergey Riabkov is Sergei Ryabkov; Alexandr Grushkó is not Alexander Fomin, so not merged.
    assert {f["suggestions"][0] for f in data["findings"]} == {"Ryabkov", "Sergei"}
    assert all(r["path"] == other for f in data["findings"] for r in f["related"])


def test_context_in_config_and_missing_context_file(cli, tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "old.txt").write_text("Sergei Ryabkov spoke.\n", encoding="utf-8")
    (tmp_path / "new.txt").write_text("Sergey Riabkov spoke.\n", encoding="utf-8")
    (tmp_path / "lintnews.toml").write_text('context = ["site"]\n', encoding="utf-8")
    data = _json(cli("check", "--format", "json", "--select", "NM", "new.txt", cwd=tmp_path))
    assert data["files"] == ["new.txt"] and len(data["findings"]) == 2
    r = cli("check", "--select", "NM", "--context", "nowhere.txt", "new.txt", cwd=tmp_path)
    assert r.returncode == 2 and "nowhere.txt: context file: no such file" in r.stderr.decode()


# -- names fused with the next word --------------------------------------------------------------


def test_fused_name_is_split_but_brands_and_real_words_are_not():
    rule = RULES["NM003"]
    doc = Document("a.txt", "Ali Roble arrived. Robleshe has said so, Chinanews reported. China agreed.")
    hits = list(rule.checker.check(doc))
    assert [(doc.text[h.start : h.end], h.suggestions) for h in hits] == [("Robleshe", ("Roble she",))]


def _names_in_every_token(text: str, min_length: int = 4):
    """names_in as first written: every token visited (the reference for the faster scan)."""
    from collections import Counter, defaultdict

    from lintnews.checks.names import _POSSESSIVE, _TOKEN

    occurrences, pairs, prev = defaultdict(list), defaultdict(Counter), None
    for m in _TOKEN.finditer(text):
        raw = m.group()
        word = _POSSESSIVE.sub("", raw).rstrip("-’'")
        if not word[:1].isupper() or word.isupper() or len(word) < min_length:
            prev = None
            continue
        occurrences[word].append(m.start())
        if prev is not None and text[prev[1] : m.start()] == " ":
            pairs[prev[0]][word] += 1
        prev = (word, m.start() + len(raw)) if raw == word else None
    return dict(occurrences), {g: dict(s) for g, s in pairs.items()}



@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Sergei", "Ryabkov", "Riabkov's", "NATO", "é", "Élan", "ab", "x",
                                 "3", "²", "_", "'", "’", "-", " ", "  ", "\n", ".", "Mr", "O'Neil", "über"]), max_size=30))
def test_names_scan_equals_visiting_every_token(pieces):
    from lintnews.checks.names import names_in

    text = "".join(pieces)
    assert names_in(Document("t.txt", text)) == _names_in_every_token(text)


def test_names_scan_equals_visiting_every_token_on_the_seeds():
    from lintnews.checks.names import names_in

    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert names_in(Document(path.name, text)) == _names_in_every_token(text)


# Characters on which the capital-token scan's classes and lookbehinds turn: ASCII and foreign
# capitals and small letters, a title-case letter (ǅ: a letter, not upper), letters that are
# numbers (² is \w but not \d; Ⅻ is also upper), digits, underscore, hyphen, both apostrophes,
# space, line break, full stop and a possessive s.
_NAME_CHARS = "AaSsŠšÉéİıǅß²Ⅻ3_-'’ \n.s"


@settings(max_examples=600, deadline=None)
@given(st.text(alphabet=_NAME_CHARS, max_size=40))
def test_names_scan_equals_visiting_every_token_on_any_characters(text):
    from lintnews.checks.names import names_in

    assert names_in(Document("t.txt", text), 2) == _names_in_every_token(text, 2)
    assert names_in(Document("t.txt", text)) == _names_in_every_token(text)


def test_capital_letter_is_any_letter_but_an_ascii_small_one():
    import re
    import sys

    from lintnews.checks.names import _CAPITAL_LETTER

    fast, plain = re.compile(_CAPITAL_LETTER), re.compile(r"[^\W\da-z_]")
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert [m.start() for m in fast.finditer(every)] == [m.start() for m in plain.finditer(every)]


def _fused_every_token(rule, doc):
    """FusedName.check as first written: the capitalised words read from every token (the
    reference for the faster filter)."""
    from collections import defaultdict

    from lintnews.checks.names import _POSSESSIVE, _TOKEN, english_zipf

    text = doc.text
    suffixes = tuple(rule.next_words)
    capitalised = {_POSSESSIVE.sub("", t) for t in set(_TOKEN.findall(text)) if t[:1].isupper()}
    fused = {w for w in capitalised if w.endswith(suffixes) and rule._may_be_fused(w, capitalised)}
    if not fused:
        return []
    starts = set()
    for s in doc.sentences:
        m = _TOKEN.search(text, s.start, s.end)
        if m:
            starts.add(m.start())
    standalone = defaultdict(list)
    for m in _TOKEN.finditer(text):
        word = _POSSESSIVE.sub("", m.group())
        if word[:1].isupper() and not word.isupper():
            standalone[word].append(m.start())

    def is_name(word, exclude):
        where = [p for p in standalone.get(word, []) if p != exclude]
        if not where:
            return False
        return any(p not in starts for p in where) or english_zipf(word.lower(), 3.0) < 3.5

    hits = []
    for word, positions in standalone.items():
        if word not in fused:
            continue
        for pos in positions:
            for i in range(len(word) - rule.min_word, rule.min_name - 1, -1):
                if word[i:] in rule.next_words and is_name(word[:i], pos):
                    fixed = f"{word[:i]} {word[i:]}"
                    hits.append((pos, pos + len(word), {"name": word[:i], "word": word[i:]}, (fixed,)))
                    break
    return hits


# Words and what follows them, so that names, names fused with a next word and names inside
# tokens (after a hyphen, apostrophe, digit or underscore) meet often.
_FUSED_WORDS = ["Roble", "Robleshe", "Robleshe’s", "robleshe", "ROBLE", "Élan", "Élanhas", "she", "China", "Chinanews"]
_FUSED_AFTER = [" ", " ", ". ", "\n", "-", " -", "'", " ’", "3", " 3", "_"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FUSED_WORDS), st.sampled_from(_FUSED_AFTER)), max_size=10))
def test_fused_name_filter_equals_reading_every_token(words):
    rule = RULES["NM003"].checker
    doc = Document("t.txt", "".join(w + after for w, after in words))
    got = [(h.start, h.end, h.params, h.suggestions) for h in rule.check(doc)]
    assert got == _fused_every_token(rule, doc)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="AaKkYy-'’ŠšóÓİıßﬁ²", max_size=12) | st.text(max_size=12))
def test_variant_key_equals_folding_every_character(word):
    from lintnews.checks.names import _folded, variant_key

    assert variant_key(word) == _folded(word.lower())
