"""Source-language inference: JSON documents[].source_language and language packs following it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLES, SHARED, needs_shared
from lintnews.checks.language import infer
from lintnews.document import Document
from lintnews.packs import build_rule


def _documents(result) -> dict[str, dict | None]:
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return {Path(d["path"]).name: d["source_language"] for d in json.loads(result.stdout)["documents"]}


@pytest.fixture(scope="module")
def seeds():
    from conftest import run_cli

    return _documents(run_cli("check", "--format", "json", "--exit-zero", *sorted(str(p) for p in SAMPLES.glob("0*.txt"))))


@pytest.mark.parametrize(
    "name,language,clue",
    [
        ("000_4baff23b42c810e8.txt", "cs", "Gruško"),
        ("002_15069ff290a583d3.txt", "es", "Meter container"),
        ("003_e22aa2876da65473.txt", "es", "o en"),
        ("004_fd677fe0ad03acfe.txt", "es", "(EFE) .-"),
    ],
)
def test_seeds_are_traced_to_their_source_language(seeds, name, language, clue):
    got = seeds[name]
    assert got["language"] == language
    assert got["confidence"] >= 0.5
    assert any(clue in ev for ev in got["evidence"]), got["evidence"]


def test_clean_english_texts_get_no_language():
    bench = needs_shared(SHARED / "bench" / "clean")
    texts = sorted(bench.glob("*.txt")) + sorted((SAMPLES / "clean").glob("*.txt"))
    for path in texts:
        got = infer(Document(str(path), path.read_text(encoding="utf-8")))
        assert got is None or (got["language"] is None and got["confidence"] < 0.5), (path.name, got)


def test_names_alone_are_not_enough():
    text = "Prime Minister Petr Fiala met Andrej Babiš, Jiří Pospíšil and Pedro Sánchez in Brussels."
    got = infer(Document("t.txt", text))
    assert got["language"] is None and got["evidence"]


# A Spanish dateline plus a Czech calque: in auto mode the Czech pack stays off.
MIXED = "Moscow, Jan 11 (EFE) .- NATO ignores our proposals to de-stress tensions, criticizing Moscow.\n"


def _codes(cli, tmp_path, text, *flags):
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    r = cli("check", "--format", "json", "--isolated", "--select", "CQ", *flags, str(path))
    assert b"Traceback" not in r.stderr, r.stderr.decode()
    data = json.loads(r.stdout)
    return [f["code"] for f in data["findings"]], data["documents"][0]["source_language"]


def test_auto_runs_only_the_inferred_language_pack(cli, tmp_path):
    codes, lang = _codes(cli, tmp_path, MIXED)
    assert lang["language"] == "es"
    assert "CQ050" not in codes


def test_auto_runs_every_pack_when_nothing_is_inferred(cli, tmp_path):
    codes, lang = _codes(cli, tmp_path, "NATO ignores our proposals to de-stress tensions, criticizing Moscow.\n")
    assert lang["language"] is None
    assert "CQ050" in codes


@pytest.mark.parametrize("flag,present", [("all", True), ("cs", True), ("es", False)])
def test_configured_language_overrides_inference(cli, tmp_path, flag, present):
    codes, _ = _codes(cli, tmp_path, MIXED, "--source-language", flag)
    assert ("CQ050" in codes) is present


def _pack(code: str, lang: str, phrase: str):
    data = {
        "code": code, "name": f"test-{code.lower()}", "kind": "substitution", "family": "calques",
        "summary": "s", "message": "m", "source_language": lang,
        "entries": [{"match": phrase, "replace": "x"}],
    }  # fmt: skip
    return build_rule(data, f"{code}.yaml", pack=f"{lang}-en")


def test_a_calque_two_packs_share_is_no_evidence():
    doc = "The envoy has riveted that the talks would go on."
    one = infer(Document("t.txt", doc), [_pack("ZZ001", "es", "has riveted")])
    assert one["scores"] == {"es": 1.0} and "calque 'has riveted' (ZZ001)" in one["evidence"]
    both = infer(Document("t.txt", doc), [_pack("ZZ001", "es", "has riveted"), _pack("ZZ002", "it", "has riveted")])
    assert both is None


# Capitalised words with letters that are evidence, in both cases, and letters that are not.
_NAME_TEXT = st.lists(
    st.text(alphabet="ABŠŘĚŮÑÃÕĞŞİIẞßÄÖÜŁĄĘŚŹŻŃÀÈÌÒÙÊÂÔÎÛŒÁÉÍÓÚabšřěůñãõğşıäöüłąęśźżńàèìòùêâôîûœáéíóúkhszw’'-", min_size=1, max_size=8),
    max_size=12,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_NAME_TEXT)
def test_name_evidence_skips_only_texts_without_marked_letters(text):
    """gather() lists the capitalised words only when the lower-cased text has a letter that
    can be evidence; the evidence must equal what every capitalised word gives."""
    from lintnews.checks.language import _CAPITALISED, _name_evidence, gather

    every_word = [ev for w in dict.fromkeys(_CAPITALISED.findall(text)) if not w.isascii() for ev in _name_evidence(w)]
    assert [ev for ev in gather(Document("t.txt", text)) if ev.kind == "name"] == every_word
