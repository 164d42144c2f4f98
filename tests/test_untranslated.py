"""Untranslated words (UT001) and runs of another script (UT002)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from lintnews.checks.untranslated import ForeignScript, ForeignWords
from lintnews.document import Document

SEED = "samples/003_e22aa2876da65473.txt"


@pytest.fixture(scope="module")
def words():
    return ForeignWords()


def flagged(check, text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(text[h.start : h.end], h.suggestions) for h in check.check(Document("t.txt", text))]


def test_cli_reports_spanish_leftovers_with_english_suggestions(cli):
    r = cli("check", "--select", "UT", "--format", "json", SEED)
    assert r.returncode == 1, r.stderr.decode()
    found = json.loads(r.stdout)["findings"]
    text = (ROOT / SEED).read_text(encoding="utf-8")
    got = [(f["code"], f["line"], text[f["offset"] : f["end_offset"]], f["suggestions"][0]) for f in found]
    assert got == [("UT001", 36, "Y", "and"), ("UT001", 36, "o en", "or on")]
    assert all("Spanish" in f["message"] and f["fix"]["applicability"] == "unsafe" for f in found)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Follow us on Facebook und Twitter for the latest news.", ("und", "and")),
        ("The report is available avec the new app from Monday.", ("avec", "with")),
        ("The minister spoke sobre the budget and the new taxes.", ("sobre", "about")),
        ("The talks will resume según the foreign ministry in Ankara.", ("según", "according to")),
    ],
)
def test_single_function_words_of_several_languages(words, text, expected):
    [(span, suggestions)] = flagged(words, text)
    assert (span, suggestions[0]) == expected


@pytest.mark.parametrize(
    "text",
    [
        "European Commission President Ursula von der Leyen said that EU leaders agreed.",
        "The airport named after Charles de Gaulle and the Ortega y Gasset Foundation reopened.",
        "He flew from Rio de Janeiro to meet Lula da Silva and Ignacio de la Fuente.",
        "The actor, who played in 'La casa de papel', visited the set of “El ministerio del tiempo”.",
        "The de facto ruler staged a coup d'état to keep the status quo, en route to power.",
        "The fatwa, the intifada and the junta were studied by Smith et al. in their paper.",
        "Rescuers pour into the region as the wounded die; the son of a con man was held.",
        "Generation Y voters and the X Y axis were in the chart, as was vitamin E intake.",
        "The plan, per the minister, came into force on the 1st of the month.",
    ],
)
def test_names_quotes_loanwords_and_english_homographs_are_not_findings(words, text):
    assert flagged(words, text) == []


def test_a_capitalised_function_word_starting_a_name_is_left_alone(words):
    assert flagged(words, "Troops left El Salvador and La Paz after talks with De Niro's lawyer.") == []


def test_a_foreign_sentence_is_not_reported_word_by_word(words):
    # No English context: this is a quotation or a page in another language, not a leftover.
    assert flagged(words, "Sigue toda la información internacional en Facebook y Twitter.") == []


def test_unknown_language_option_is_a_clear_error(cli, tmp_path):
    (tmp_path / "lintnews.toml").write_text('[options.UT001]\nlanguages = ["xx"]\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Hello.\n", encoding="utf-8")
    r = cli("check", "a.txt", cwd=tmp_path)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "Traceback" not in err and "UT001" in err and "'xx'" in err


@pytest.mark.parametrize(
    "text,span,script",
    [
        ("China's first apparel stock - 经济观察网 - 专业财经新闻网站\nEconomic news.", "经济观察网 - 专业财经新闻网站", "Chinese"),
        ("The minister said мы готовы к переговорам and left the room.", "мы готовы к переговорам", "Cyrillic"),
        ("Open the account of @芳芳一人食 on Douyin to see the videos of the chef.", "芳芳一人食", "Chinese"),
        ("Protesters chanted שלום עכשיו outside the parliament in the evening.", "שלום עכשיו", "Hebrew"),
        ("The sign read 서울 in large letters above the door of the station.", "서울", "Hangul"),
    ],
)
def test_runs_of_other_scripts(text, span, script):
    hits = list(ForeignScript().check(Document("t.txt", text)))
    assert [(text[h.start : h.end], h.params["script"]) for h in hits] == [(span, script)]


def test_glosses_symbols_and_non_english_texts_are_left_alone():
    check = ForeignScript()
    for text in (
        "The capital, Kyiv (Київ), and the city of Lviv (Львів) were hit on Monday.",
        "The probe changed its Δv by 5 m/s and measured 10 μm dust grains near the comet.",
        "Министр иностранных дел заявил, что переговоры продолжатся в Женеве (Geneva).",
    ):
        assert list(check.check(Document("t.txt", text))) == [], text


def test_listing_rules_does_not_import_wordfreq():
    code = (
        "import sys, lintnews.checks.untranslated, lintnews.checks.language, lintnews.packs;"
        "lintnews.packs.load_rules(); assert 'wordfreq' not in sys.modules"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, env={"PYTHONPATH": str(ROOT)})
    assert r.returncode == 0, r.stderr.decode()


def test_words_that_are_also_english_are_reported_only_side_by_side(words):
    # "o" and "la" are English homographs: alone they are never reported, together they are.
    assert flagged(words, "Read the news o la newsletter of the week, every day.") == [("o la", ("or the",))]
    assert flagged(words, "Read the news o the newsletter of la week, every day.") == []


def test_the_script_prefilter_covers_every_script_letter():
    from lintnews.checks.untranslated import _MAYBE_SCRIPT, _SCRIPTS, _script_patterns

    run, _ = _script_patterns()
    letters = [chr(c) for c in range(0x110000) if run.fullmatch(chr(c))]
    assert len(letters) > 40000
    assert all(_MAYBE_SCRIPT.match(ch) for ch in letters)
    assert len(_SCRIPTS) == 12
