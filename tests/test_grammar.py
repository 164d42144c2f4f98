"""Grammar through LanguageTool (GR rules).

These tests run the REAL language-tool-python client (and, for the CLI tests, the real
``lintnews check`` in a subprocess) against ``tests/ltserver.py``, a LanguageTool-protocol
server on 127.0.0.1: what the client sends, how offsets in UTF-16 units come back, and how
refused connections, HTTP 500, HTTP 426 and dropped connections are reported. No network.
One test runs against a real LanguageTool, only when LINTNEWS_LANGUAGETOOL_URL names one.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import replace

import pytest

from conftest import ROOT
from lintnews.config import LanguageToolSettings, Settings
from lintnews.document import Document
from lintnews.engine import Engine
from lintnews.languagetool import chunks, utf16_len, utf16_to_cp
from lintnews.packs import load_rules
from lintnews.runner import Linter
from ltserver import LTServer, Trigger


@pytest.fixture
def lt():
    with LTServer() as server:
        yield server


def _settings(url: str | None = None, **lt) -> Settings:
    return Settings(languagetool=LanguageToolSettings(url=url, **lt))


def _lint(settings: Settings, texts, analysers=()):
    """Lint ``(path, text)`` pairs like the runner does, with optional analysers."""
    linter = Linter.from_settings(settings)
    engine = Engine(linter.rules, analysers=list(analysers))
    findings = []
    for path, text in texts:
        found, _ = engine.check(Document(path, text))
        findings += found
    return findings, engine.skipped()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _json(result):
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    return json.loads(result.stdout)


# -- the CLI against the loopback server ----------------------------------------------------------


def test_cli_reports_matches_at_their_positions_with_suggestions(cli, lt, tmp_path):
    """Real client, real CLI: an emoji (two UTF-16 units) before the match must not shift it."""
    text = "Crowds cheered 😀 in Madrid, and he have a error to fix.\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    r = cli("check", "--format", "json", "--languagetool-url", lt.url, str(path))
    data = _json(r)
    assert r.returncode == 1
    gr = [f for f in data["findings"] if f["code"].startswith("GR")]
    assert [(f["code"], text[f["offset"] : f["end_offset"]]) for f in gr] == [("GR001", "he have"), ("GR001", "a error")]
    first = gr[0]
    assert first["suggestions"] == ["he has"]
    assert first["column"] == text.index("he have") + 1
    assert first["fix"] == {"applicability": "unsafe", "edits": [{"offset": first["offset"], "end_offset": first["end_offset"], "content": "he has"}]}
    assert first["related"] == [{"languagetool_rule": "HE_VERB_AGR", "category": "GRAMMAR", "issue_type": "grammar"}]
    assert "[HE_VERB_AGR]" in first["message"]
    assert data["skipped"] == []
    # What the real client sent.
    (params,) = lt.requests
    assert params["language"] == "en-US" and params["text"] == text
    assert "motherTongue" not in params and "level" not in params


def test_cli_sends_configured_parameters(cli, lt, tmp_path):
    """Real client: language, motherTongue, disabledRules, disabledCategories and level=picky
    arrive as configured; a disabled rule does not fire, picky mode enables a style match."""
    (tmp_path / "lintnews.toml").write_text(
        '[languagetool]\nlanguage = "en-GB"\nmother-tongue = "es"\npicky = true\n'
        'disabled-rules = ["HE_VERB_AGR", "EN_QUOTES"]\ndisabled-categories = ["CASING"]\n',
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text("He have met. The party is actually in power, they will meet in the near future.\n", encoding="utf-8")
    r = cli("check", "--format", "json", "--languagetool-url", lt.url, "a.txt", cwd=tmp_path)
    data = _json(r)
    (params,) = lt.requests
    assert params["language"] == "en-GB"
    assert params["motherTongue"] == "es"
    assert params["level"] == "picky"
    assert set(params["disabledRules"].split(",")) == {"HE_VERB_AGR", "EN_QUOTES"}
    assert params["disabledCategories"] == "CASING"
    codes = sorted(f["code"] for f in data["findings"])
    assert codes == ["GR003"]  # the false friend fires (mother tongue es); style GR005 is off by default
    r = cli("check", "--format", "json", "--select", "GR003,GR005", "--languagetool-url", lt.url, "a.txt", cwd=tmp_path)
    assert sorted(f["code"] for f in _json(r)["findings"]) == ["GR003", "GR005"]


def test_env_var_names_the_server(cli, lt, tmp_path):
    (tmp_path / "a.txt").write_text("Yesterday he have left.\n", encoding="utf-8")
    r = cli("check", "--format", "json", "a.txt", cwd=tmp_path, env={"LINTNEWS_LANGUAGETOOL_URL": lt.url})
    assert [f["code"] for f in _json(r)["findings"]] == ["GR001"]


def test_not_configured_is_reported_as_skipped_and_exit_code_unchanged(cli):
    env = {"LINTNEWS_LANGUAGETOOL_URL": ""}
    r = cli("check", "--format", "json", "samples/clean", env=env)
    data = _json(r)
    assert r.returncode == 0
    assert [s["check"] for s in data["skipped"]] == ["grammar"]
    assert "no LanguageTool server configured" in data["skipped"][0]["reason"]
    text = cli("check", "samples/clean", env=env)
    assert text.returncode == 0
    assert "Skipped grammar: no LanguageTool server configured" in text.stdout.decode()
    # Not selected: not skipped either.
    assert _json(cli("check", "--format", "json", "--select", "QT", "samples/clean", env=env))["skipped"] == []


def test_connection_refused_skips_grammar_other_rules_run(cli, tmp_path):
    url = f"http://127.0.0.1:{_closed_port()}"
    (tmp_path / "a.txt").write_text("He said “yes“ twice, he have.\n", encoding="utf-8")
    r = cli("check", "--format", "json", "--languagetool-url", url, "a.txt", cwd=tmp_path)
    data = _json(r)
    assert r.returncode == 1  # the quote finding, not LanguageTool, sets it
    assert [f["code"] for f in data["findings"]] == ["QT002"]
    (skip,) = data["skipped"]
    assert skip["check"] == "grammar" and url in skip["reason"] and "connection refused" in skip["reason"]
    r = cli("check", "--require-languagetool", "--languagetool-url", url, "a.txt", cwd=tmp_path)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "LanguageTool is required" in err and "connection refused" in err and "Traceback" not in err
    assert "QT002" in r.stdout.decode()  # the report is still written


def test_require_languagetool_passes_when_it_ran(cli, lt, tmp_path):
    (tmp_path / "a.txt").write_text("All is well.\n", encoding="utf-8")
    r = cli("check", "--require-languagetool", "--languagetool-url", lt.url, "a.txt", cwd=tmp_path)
    assert r.returncode == 0, r.stderr


def test_bad_languagetool_config_is_a_clear_error(cli, tmp_path):
    (tmp_path / "lintnews.toml").write_text('[languagetool]\nurll = "http://x"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("x\n", encoding="utf-8")
    r = cli("check", "a.txt", cwd=tmp_path)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert "lintnews.toml" in err and "languagetool.urll" in err and "Traceback" not in err


# -- failures: 500, 426, dropped connections --------------------------------------------------


def test_http_500_is_retried_a_bounded_number_of_times_then_skipped(lt):
    lt.mode = "500"
    findings, skipped = _lint(_settings(lt.url, retries=2), [("a.txt", "He have gone.\n"), ("b.txt", "It is fine.\n")])
    assert findings == []
    assert len(lt.requests) == 6  # 3 attempts for each file; the next file is still tried
    assert [s.reason.split(":")[0] for s in skipped] == ["a.txt", "b.txt"]
    assert all("Internal Error" in s.reason and "3 attempts" in s.reason for s in skipped)


def test_http_500_once_then_recovers(lt):
    lt.fail_first = 1
    findings, skipped = _lint(_settings(lt.url, retries=2), [("a.txt", "He said he have gone.\n")])
    assert [f.code for f in findings] == ["GR001"] and skipped == []
    assert len(lt.requests) == 2


def test_http_426_stops_asking(lt):
    lt.mode = "426"
    findings, skipped = _lint(_settings(lt.url), [("a.txt", "He have gone.\n"), ("b.txt", "She have gone.\n")])
    assert findings == []
    assert len(lt.requests) == 1  # no retry, no second file
    (skip,) = skipped
    assert "HTTP 426" in skip.reason and "2 files not checked" in skip.reason


def test_dropped_connection_is_reported(lt):
    findings, skipped = _lint(_settings(lt.url), [("a.txt", "Fine.\n")])  # connects fine
    assert skipped == []
    lt.mode = "close"
    findings, skipped = _lint(_settings(lt.url), [("a.txt", "He have gone.\n")])
    (skip,) = skipped
    assert "not reachable" in skip.reason or "stopped answering" in skip.reason


# -- offsets, chunks, cache, mother tongue, selection, dedupe ---------------------------------


def test_emoji_inside_and_before_a_match():
    """UTF-16 offsets: an astral character before a match and one inside it."""
    trigger = Trigger("big 🎉 win", "PARTY", "Too festive.", replacements=["win"])
    with LTServer([trigger]) as server:
        text = "🇪🇸 Spain 🙂 had a big 🎉 win.\nAnd 👍 another big 🎉 win.\n"
        findings, _ = _lint(_settings(server.url), [("a.txt", text)])
    spans = [text[f.offset : f.end_offset] for f in findings]
    assert spans == ["big 🎉 win", "big 🎉 win"]
    assert findings[1].line == 2 and findings[1].column == text.split("\n")[1].index("big") + 1


def test_long_text_is_split_at_paragraphs_and_offsets_mapped_back(lt):
    paras = [f"Paragraph {i} says 😀 that he have arrived." for i in range(12)]
    text = "\n\n".join(paras) + "\n"
    findings, skipped = _lint(_settings(lt.url, max_request_chars=120), [("a.txt", text)])
    assert skipped == []
    assert len(lt.requests) > 3
    for params in lt.requests:
        assert utf16_len(params["text"]) <= 120
        assert params["text"].startswith("Paragraph") or params["text"].startswith("\n")
    starts = [text.index("he have", text.index(p)) for p in paras]
    assert [f.offset for f in findings] == starts
    assert all(text[f.offset : f.end_offset] == "he have" for f in findings)


def test_chunks_cover_the_text_and_respect_the_limit():
    text = "A" * 50 + ". " + "b " * 40 + "\n" + "c" * 300 + "\nshort\n"
    spans = chunks(text, 64)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(utf16_len(text[a:b]) <= 64 for a, b in spans)
    assert text[: spans[0][1]].endswith(". ")  # the long line is cut after its sentence
    assert utf16_to_cp("a😀b", 3) == 2 and utf16_to_cp("a😀b", 1) == 1


def test_results_are_cached_by_text_and_settings(lt):
    linter = Linter.from_settings(_settings(lt.url))
    report = linter.lint_texts([("a.txt", "So he have gone.\n"), ("b.txt", "So he have gone.\n")])
    assert [f.path for f in report.findings] == ["a.txt", "b.txt"]
    assert len(lt.requests) == 1
    # Another mother tongue is another request.
    engine = Engine(linter.rules, analysers=[lambda doc, info: doc.facts.__setitem__("source_language", "es")])
    engine.check(Document("c.txt", "So he have gone.\n"))
    assert len(lt.requests) == 2 and lt.requests[1]["motherTongue"] == "es"


def test_inferred_source_language_becomes_mother_tongue(lt):
    """The false-friend rule fires only when the source language reaches LanguageTool."""
    text = "The party is actually in government.\n"
    findings, _ = _lint(_settings(lt.url), [("a.txt", text)])
    assert findings == [] and "motherTongue" not in lt.requests[-1]
    set_es = lambda doc, info: doc.facts.__setitem__("source_language", "es")  # noqa: E731
    findings, _ = _lint(_settings(lt.url), [("a.txt", text)], analysers=[set_es])
    assert [(f.code, text[f.offset : f.end_offset]) for f in findings] == [("GR003", "actually")]
    assert findings[0].suggestions == ("currently", "at present") and findings[0].fix is None
    # A language the server does not know is not sent (the client would reject it).
    set_xx = lambda doc, info: doc.facts.__setitem__("source_language", "xx")  # noqa: E731
    _lint(_settings(lt.url), [("b.txt", "Other text.\n")], analysers=[set_xx])
    assert "motherTongue" not in lt.requests[-1]
    # --source-language es is used when nothing is configured for LanguageTool.
    findings, _ = _lint(replace(_settings(lt.url), source_language="es"), [("c.txt", text)])
    assert [f.code for f in findings] == ["GR003"]


def test_select_by_languagetool_rule_id(lt):
    settings = replace(_settings(lt.url), options={"GR001": {"rules": ["EN_A_*"]}})
    findings, _ = _lint(settings, [("a.txt", "So he have a error.\n")])
    assert [f.message.rsplit(" ", 1)[-1] for f in findings] == ["[EN_A_VS_AN]"]


def test_spacing_matches_yield_to_lintnews_quote_rules(lt):
    text = "“Security should be for everyone ”, said the diplomat , and left.\n"
    findings, _ = _lint(_settings(lt.url), [("a.txt", text)])
    got = sorted((f.code, text[f.offset : f.end_offset]) for f in findings)
    # QT003 and PN003 flag " ”" and " ," as LanguageTool does: only lintnews's own stay.
    assert got == [("PN003", " ,"), ("QT003", " ”")]
    findings, _ = _lint(replace(_settings(lt.url), select=("GR004",)), [("a.txt", text)])
    assert sorted(text[f.offset : f.end_offset] for f in findings) == [" ,", " ”"]


def test_languagetool_home_without_a_jar_never_downloads(tmp_path, monkeypatch):
    home = tmp_path / "LanguageTool-6.4"
    home.mkdir()
    monkeypatch.delenv("LTP_PATH", raising=False)
    findings, skipped = _lint(_settings(home=str(home)), [("a.txt", "He have gone.\n")])
    (skip,) = skipped
    assert "holds no languagetool-server.jar" in skip.reason and "does not download" in skip.reason
    assert list(home.iterdir()) == [] and "LTP_PATH" not in os.environ
    findings, skipped = _lint(_settings(home=str(tmp_path / "missing")), [("a.txt", "x\n")])
    assert "is not a directory" in skipped[0].reason


# -- a real LanguageTool, when one is named -------------------------------------------------------

REAL = os.environ.get("LINTNEWS_LANGUAGETOOL_URL")


@pytest.mark.skipif(not REAL, reason="set LINTNEWS_LANGUAGETOOL_URL to a LanguageTool server to run this")
def test_rule_examples_against_a_real_languagetool():
    """Each GR rule's bad example gets a finding overlapping its mark; good examples none."""
    settings = replace(_settings(REAL), select=("GR",), languagetool=LanguageToolSettings(url=REAL, mother_tongue="es", picky=True))
    linter = Linter.from_settings(settings)
    for rule in linter.rules:
        engine = Engine([rule])
        for ex in rule.meta.examples:
            found, _ = engine.check(Document("example.txt", ex.text))
            assert engine.skipped() == [], engine.skipped()
            if ex.good:
                assert found == [], (rule.meta.code, ex.text, [f.message for f in found])
            else:
                for a, b in ex.marks:
                    assert any(f.offset < b and a < f.end_offset for f in found), (rule.meta.code, ex.text)


def test_rules_listing_stays_light():
    """``lintnews rules`` must not import language_tool_python."""
    import subprocess
    import sys

    code = "import sys, lintnews.packs as p; p.load_rules(); print('language_tool_python' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.stdout.strip() == "False", out.stderr
    assert {r.meta.code for r in load_rules() if r.meta.code.startswith("GR")} == {"GR001", "GR002", "GR003", "GR004", "GR005"}


# -- --languagetool-home: a stub server jar that language-tool-python starts itself -------------


@pytest.fixture(scope="module")
def lt_home(tmp_path_factory):
    """An unpacked 'LanguageTool-6.4' whose languagetool-server.jar is a stub compiled from
    tests/data/ltstub/HTTPServer.java (flags "teh"; answers in UTF-16 units like the real one)."""
    import shutil
    import subprocess
    import zipfile

    if not (shutil.which("javac") and shutil.which("java")):
        pytest.skip("javac and java are needed to build the stub LanguageTool")
    base = tmp_path_factory.mktemp("lthome")
    classes = base / "classes"
    src = ROOT / "tests" / "data" / "ltstub" / "HTTPServer.java"
    subprocess.run(["javac", "-d", str(classes), str(src)], check=True, capture_output=True, timeout=120)
    folder = base / "home" / "LanguageTool-6.4"
    folder.mkdir(parents=True)
    with zipfile.ZipFile(folder / "languagetool-server.jar", "w") as jar:
        for cls in classes.rglob("*.class"):
            jar.write(cls, cls.relative_to(classes).as_posix())
    return folder


def test_languagetool_home_starts_the_unpacked_server(lt_home, monkeypatch):
    """Real client starting a local server from --languagetool-home (a stub jar): no download."""
    monkeypatch.delenv("LTP_PATH", raising=False)
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    text = "Rain 🌧 fell on teh city.\n"
    linter = Linter.from_settings(_settings(home=str(lt_home.parent)))
    try:
        report = linter.lint_texts([("a.txt", text)])
    finally:
        service = next(r.checker.service for r in linter.rules if r.meta.code == "GR001")
        if service._tool is not None:
            service._tool.close()
        monkeypatch.delenv("LTP_PATH", raising=False)
    assert report.skipped == []
    assert [(f.code, text[f.offset : f.end_offset], f.suggestions) for f in report.findings] == [("GR001", "teh", ("the",))]
    assert sorted(p.name for p in lt_home.parent.iterdir()) == ["LanguageTool-6.4"]  # nothing downloaded beside it
