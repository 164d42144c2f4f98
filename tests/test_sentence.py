"""Sentence structure, punctuation and readability: what an editor relies on."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT
from lintnews.config import Settings
from lintnews.fixes import apply_edits
from lintnews.runner import Linter

SEED_EFE = "samples/004_fd677fe0ad03acfe.txt"


def lint(text: str, select=("SN", "PN", "QT")):
    report = Linter.from_settings(Settings(select=tuple(select))).lint_texts([("t.txt", text)])
    return report.findings


def fixed(text: str, findings, unsafe: bool = False) -> str:
    edits = [e for f in findings if f.fix and (unsafe or f.fix.applicability.value == "safe") for e in f.fix.edits]
    return apply_edits(text, edits)[0]


@pytest.mark.parametrize(
    "text,code,flagged",
    [
        ("“Put pressure on Kiev first,” he added. he said. “Then we will see.”", "SN002", "he said"),
        ("“Put pressure on Kiev first,” he added. he said. “Then we will see.”", "SN001", "he"),
        ("The conflict between the authorities and the regions. separatists from Donetsk agreed.", "SN001", "separatists"),
        ("Putin spoke to Biden at his virtual summit. last December 7th.", "SN001", "last"),
        ("Moscow refuses to attack Ukraine, but insists on further talks on further talks.", "SN003", "on further talks on further talks"),
        ("Russia is accused of seeking to “to invade” the neighbouring country.", "SN003", "to “to"),
        ("The talks were a “Frank, direct, deep and intense” conversation, said Grushko.", "SN004", "Frank"),
        ("NATO, which considers Russia as its “Main opponent”, pursues containment.", "SN004", "Main"),
        ("A meeting of the NATO Council will be held tomorrow- Russia, the first since 2019.", "PN001", "- "),
        ("Moscow, Jan 11 (EFE) .- Russian Deputy Foreign Minister Grushko said today.", "PN002", ".-"),
        ("The minister said , adding that talks would go on.", "PN003", " ,"),
        ("The talks ended in Brussels.The meeting was tense.", "PN004", "."),
        ("The meeting  ended on Wednesday.", "PN005", "  "),
        ("The vote was on fridayThe result was close.", "PN006", "fridayThe"),
        ("Mark Rutte arrived in Brussels. Markspoke today about the alliance.", "PN006", "Markspoke"),
    ],
)
def test_issue_defects_are_reported(text, code, flagged):
    found = [text[f.offset : f.end_offset] for f in lint(text) if f.code == code]
    assert flagged in found, (code, found)


def test_fixes_repair_the_seed_defects():
    text = "“Put pressure on Kiev first,” he added. he said. “Then we will see.”"
    assert fixed(text, lint(text, ["SN002"]), unsafe=True) == "“Put pressure on Kiev first,” he added. “Then we will see.”"
    text = "Moscow, Jan 11 (EFE) .- Russian officials said , without delay,that talks  began."
    assert fixed(text, lint(text, ["PN"])) == "Moscow, Jan 11 (EFE) – Russian officials said, without delay, that talks began."
    text = "Russia is accused of seeking to “to invade” the country, a “Frank, direct” talk."
    assert fixed(text, lint(text, ["SN"]), unsafe=True) == "Russia is accused of seeking “to invade” the country, a “frank, direct” talk."


def test_space_before_closing_quote_is_reported_once_by_qt003():
    text = "“They may not know it yet, ”admitted the US Undersecretary of State, Wendy Sherman."
    codes = [f.code for f in lint(text, ["ALL"])]
    assert codes == ["QT003"]


def test_clean_english_is_not_flagged():
    text = (
        "The U.S. envoy, Dr. Anna M. Reyes, arrived at 7:45 a.m. on Jan. 12 with Gen. John F. Kelly. "
        "Growth was 2.5 percent, e.g. in services. She paused… then smiled. "
        "He said “We will not move” and called the plan “Gone with the Wind” diplomacy. "
        "Officials said the talks were “frank and useful.” The iPhone and eBay teams met McDonald's staff. "
        "It was a one-on-one meeting, side by side, and commitments covered medium- and shorter-range missiles.\n"
        "  1. Brussels, for talks at NATO headquarters;\n  2. Vienna, for the OSCE meeting.\n"
    )
    assert [(f.code, text[f.offset : f.end_offset]) for f in lint(text, ["SN", "PN", "RD"])] == []


def test_metrics_in_json_and_text_and_thresholds_from_config(cli, tmp_path):
    r = cli("check", "--format", "json", "--select", "PN002", SEED_EFE)
    data = json.loads(r.stdout)
    metrics = data["documents"][0]["metrics"]
    assert 0 < metrics["flesch_reading_ease"] < 100 and 5 < metrics["grade_level"] < 20
    (finding,) = data["findings"]
    assert finding["code"] == "PN002" and finding["fix"]["applicability"] == "safe"
    text = (ROOT / SEED_EFE).read_text(encoding="utf-8")
    assert text[finding["offset"] : finding["end_offset"]] == ".-"

    article = tmp_path / "a.txt"
    article.write_text((ROOT / "samples/clean/council_vote.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "lintnews.toml").write_text(
        "select = [\"RD\"]\n[options.RD001]\nmax-words = 15\n[options.RD002]\nmin-reading-ease = 99\n"
    )
    r = cli("check", "a.txt", cwd=tmp_path)
    out = r.stdout.decode()
    assert r.returncode == 1, out
    assert "RD001 Sentence of" in out and "(more than 15)" in out
    assert "RD002 Hard to read: reading ease" in out and "< 99" in out
    assert "a.txt: flesch_reading_ease=" in out and "grade_level=" in out
