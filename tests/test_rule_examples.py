"""Every example in every rule file is a test: ``bad`` flags exactly its marked spans,
``fixed`` is what the rule's fixes make of it, ``good`` is left alone."""

from __future__ import annotations

from dataclasses import replace

import pytest

from lintnews.document import Document
from lintnews.engine import Engine
from lintnews.fixes import apply_edits
from lintnews.packs import load_rules

RULES = load_rules()
CASES = [
    pytest.param(rule, example, id=f"{rule.meta.code}-{i}-{'good' if example.good else 'bad'}")
    for rule in RULES
    for i, example in enumerate(rule.meta.examples)
]


def _run(rule, text):
    """A form feed (``\\f``) separates the files of a corpus rule's example; offsets are
    shifted back into the example's text."""
    engine = Engine([rule])
    parts, start, starts = text.split("\f"), 0, {}
    findings = []
    for i, part in enumerate(parts):
        path = "example.txt" if len(parts) == 1 else f"example-{i}.txt"
        starts[path] = start
        findings += engine.check(Document(path, part))[0]
        start += len(part) + 1
    return [_shift(f, starts[f.path]) for f in findings + engine.finish()]


def _shift(f, by):
    if not by:
        return f
    fix = f.fix and replace(f.fix, edits=tuple(replace(e, offset=e.offset + by, end_offset=e.end_offset + by) for e in f.fix.edits))
    return replace(f, offset=f.offset + by, end_offset=f.end_offset + by, fix=fix)


def test_every_rule_has_bad_and_good_examples():
    for rule in RULES:
        kinds = {ex.good for ex in rule.meta.examples}
        assert kinds == {True, False}, f"{rule.meta.path}: needs at least one bad and one good example"


@pytest.mark.parametrize("rule,example", CASES)
def test_example(rule, example):
    unavailable = getattr(rule.checker, "skipped", None)
    if unavailable is not None and unavailable():
        pytest.skip(f"{rule.meta.code} cannot run here: {unavailable()[0].reason}")
    findings = _run(rule, example.text)
    spans = sorted((f.offset, f.end_offset) for f in findings)
    if example.good:
        assert spans == [], f"{rule.meta.code} flags a good example: {[example.text[a:b] for a, b in spans]}"
        return
    assert spans == sorted(example.marks), (
        f"{rule.meta.code}: flagged {[example.text[a:b] for a, b in spans]}, "
        f"expected {[example.text[a:b] for a, b in example.marks]}"
    )
    for f in findings:
        assert f.message and "{" not in f.message, f"unfilled placeholder in {f.message!r}"
    if example.fixed is not None:
        edits = [e for f in findings if f.fix for e in f.fix.edits]
        fixed, _ = apply_edits(example.text, edits)
        assert fixed == example.fixed
        # A fix must not produce text the rule flags again.
        assert _run(rule, fixed) == []


def test_substitution_entries_have_their_example_flagged():
    """Calque entries carry an example sentence from a real translation; it must be caught,
    and the replacement must not itself be flagged."""
    for rule in RULES:
        if rule.meta.kind != "substitution":
            continue
        for entry in rule.checker.entries:
            if "example" not in entry:
                continue
            hits = list(rule.checker.check(Document("e.txt", entry["example"])))
            assert hits, f"{rule.meta.code}: entry {entry['match']!r} misses its own example"
            for replacement in entry["replace"]:
                assert not list(rule.checker.check(Document("r.txt", replacement))), (
                    f"{rule.meta.code}: replacement {replacement!r} is itself flagged"
                )


def test_a_rule_file_that_is_not_yaml_is_a_clear_error(tmp_path, monkeypatch):
    from lintnews.packs import PackError, load_rules

    monkeypatch.setenv("LINTNEWS_DATA_CACHE", str(tmp_path / "cache"))
    pack = tmp_path / "rules" / "mine"
    pack.mkdir(parents=True)
    (pack / "XX001-broken.yaml").write_text("code: XX001\nname: [unclosed\n", encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_rules([tmp_path / "rules"])
    assert "XX001-broken.yaml" in str(err.value) and "not valid YAML (line 3)" in str(err.value)
