"""The literal prefilter never hides a match: a pattern is skipped only when the text lacks
something every match of it contains, so prefiltered rules find exactly what running every
pattern finds."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, SHARED
from lintnews.config import Settings
from lintnews.document import Document
from lintnews.kinds import _literals
from lintnews.kinds._literals import INDEX, LiteralIndex, fold, requirements, satisfied
from lintnews.kinds.existence import Existence
from lintnews.kinds.substitution import Substitution
from lintnews.runner import Linter

CLEAN = SHARED / "bench" / "clean"
MQM = SHARED / "bench" / "mqm" / "documents.jsonl"


@pytest.mark.parametrize(
    "pattern, expected",
    [
        # a phrase: each word of three letters or more
        (r"(?<![\w-])taking\s+of\s+conscience(?![\w-])", [{"taking"}, {"conscience"}]),
        # alternations expand into one clause of whole strings
        (r"\b(?:take|took) of (?:conscience|consciousness)\b", [{"take of conscience", "take of consciousness", "took of conscience", "took of consciousness"}]),
        # an optional part may be absent; a small class is expanded; apostrophes are unified
        (r"prime minister['’]s (?:new )?plans?", [{"prime minister's plan", "prime minister's new plan"}]),
        (r"carboni[sz]ed", [{"carbonised", "carbonized"}]),
        # case is folded (the text is folded the same way)
        (r"\bEFE\b", [{"efe"}]),
        # a look-behind requires nothing
        (r"(?<!murder )\bin cold blood\b", [{"in cold blood"}]),
        # nothing provable: always run
        (r"\b\w+ed\b", []),
        (r"(?:foo|\w+)bar", [{"bar"}]),  # what follows an unknown part still counts
        (r"a|of", []),
    ],
)
def test_requirements(pattern, expected):
    assert set(requirements(pattern, re.IGNORECASE)) == {frozenset(c) for c in expected}


def _pack_patterns():
    linter = Linter.from_settings(Settings(select=("ALL",)))
    out = []
    for rule in linter.packs + linter.rules:
        checker = rule.checker
        if isinstance(checker, Substitution):
            out.extend((rule.meta.code, checker.pattern(i)) for i in range(len(checker.entries)))
        elif isinstance(checker, Existence):
            out.append((rule.meta.code, checker.pattern))
    return sorted(set(out), key=lambda item: (item[0], item[1].pattern))


PATTERNS = _pack_patterns()


def _consuming(pattern: str) -> str:
    """``pattern`` with its look-arounds made plain text: a positive one becomes a group the
    generated text contains, a negative one is dropped (Hypothesis cannot satisfy a
    look-behind at the start of the text it writes)."""
    out, i, depth_skip, in_class = [], 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if not depth_skip:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif depth_skip:
            depth_skip += {"(": 1, ")": -1}.get(c, 0)
            i += 1
            continue
        elif pattern.startswith(("(?<=", "(?="), i):
            out.append("(?:")
            i += 4 if pattern.startswith("(?<=", i) else 3
            continue
        elif pattern.startswith(("(?<!", "(?!"), i):
            depth_skip = 1
            i += 4 if pattern.startswith("(?<!", i) else 3
            continue
        if not depth_skip:
            out.append(c)
        i += 1
    return "".join(out)


@pytest.mark.parametrize("code, pattern", PATTERNS, ids=[f"{c}-{i}" for i, (c, _) in enumerate(PATTERNS)])
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_every_match_of_every_pack_pattern_passes_the_prefilter(code, pattern, data):
    """Hypothesis writes texts that the pattern matches (any case, any Unicode space, text
    around them); the prefilter must let the pattern run on each."""
    core = data.draw(st.from_regex(re.compile(_consuming(pattern.pattern), pattern.flags), fullmatch=True))
    text = data.draw(st.text(max_size=5)) + " " + core + " " + data.draw(st.text(max_size=5))
    if not pattern.search(text):
        return  # a look-around the generator ignored
    clauses = requirements(pattern.pattern, pattern.flags)
    index = LiteralIndex()
    index.register(clauses)
    assert index.allows(Document("t.txt", text), clauses), (code, pattern.pattern, text)


def test_folding_matches_case_insensitive_regexes():
    # İ lower-cases to two characters and ß folds to ss: the text and the strings fold alike.
    for pattern, text in [(r"istanbul", "İSTANBUL"), (r"straße", "STRASSE"), (r"it['’]s", "IT’S")]:
        clauses = requirements(pattern, re.IGNORECASE)
        assert clauses and satisfied(clauses, frozenset(s for c in clauses for s in c if s in fold(text)))


def _texts():
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("**/*.txt"))]
    if CLEAN.is_dir():
        texts += [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CLEAN.glob("*.txt"))]
    if MQM.is_file():
        with open(MQM, encoding="utf-8") as fh:
            texts += [(f"mqm-{i}", json.loads(line)["text"]) for i, line in zip(range(40), fh)]
    return texts


def test_prefiltered_rules_find_what_running_every_pattern_finds(monkeypatch):
    settings_ = Settings(select=("ALL",), source_language="all")
    texts = _texts()
    filtered = Linter.from_settings(settings_).lint_texts(texts)
    monkeypatch.setattr(_literals, "satisfied", lambda clauses, present: True)
    monkeypatch.setattr(LiteralIndex, "allows", lambda self, doc, clauses: True)
    from lintnews.kinds import substitution

    monkeypatch.setattr(substitution, "satisfied", lambda clauses, present: True)
    # every entry becomes a candidate: the trigger table is bypassed too
    monkeypatch.setattr(Substitution, "candidates", lambda self, doc: list(range(len(self.entries))))
    everything = Linter.from_settings(settings_).lint_texts(texts)
    key = lambda f: (f.path, f.offset, f.code, f.message)  # noqa: E731
    assert sorted(map(key, filtered.findings)) == sorted(map(key, everything.findings))
    assert any(f.code.startswith("CQ") for f in filtered.findings)


def test_one_index_serves_every_pack():
    # Substitution and existence rules register their strings in the process-wide index.
    Linter.from_settings(Settings())
    assert {"read also", "efe"} <= INDEX._strings


def test_rules_unpickled_in_a_fresh_process_find_the_same(tmp_path):
    """A Dask worker receives the rules pickled: their strings must reach that process's index."""
    import pickle
    import subprocess
    import sys

    linter = Linter.from_settings(Settings(source_language="all"))
    blob = tmp_path / "linter.pickle"
    blob.write_bytes(pickle.dumps(linter))
    text = "The Meter container was put in cause.\nRead Also\nShare your love\n"
    here = sorted((f.code, f.offset) for f in linter.lint_texts([("a.txt", text)]).findings)
    code = (
        "import pickle, sys\n"
        f"linter = pickle.loads(open({str(blob)!r}, 'rb').read())\n"
        f"print(sorted((f.code, f.offset) for f in linter.lint_texts([('a.txt', {text!r})]).findings))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert any(c.startswith("CQ") for c, _ in here) and any(c.startswith("BP") for c, _ in here)
    assert out.stdout.strip() == str(here)
