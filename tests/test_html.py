"""The HTML report: what an editor sees in a browser.

The highlighting itself is checked in Python (every finding keeps one focusable highlight and the
text survives exactly, whatever the overlaps); the rest is checked in headless Chromium
(Debian's ``chromium``, driven by Playwright without its own browser download).
"""

from __future__ import annotations

import json
import shutil
import time
from html.parser import HTMLParser
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SAMPLES
from lintnews.config import Settings
from lintnews.formatters import html as html_format
from lintnews.model import Report
from lintnews.runner import Linter

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
ARTIFACTS = ROOT / "test-artifacts"
HOSTILE = (
    "Breaking news <script>window.__pwned = 1; alert(1)</script> from Moscow.\n"
    'Share your love"><img src=x onerror="window.__pwned = 2">\n'
    "He said “nothing“ about &amp; it.\n"
)


class _Marks(HTMLParser):
    """Collects, from highlighted text, the plain text and each finding's pieces."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.stack: list[dict] = []
        self.pieces: dict[int, list[tuple[int, int]]] = {}
        self.focusable: list[int] = []

    def handle_starttag(self, tag, attrs):
        assert tag == "mark", tag
        a = dict(attrs)
        i = int(a["data-i"])
        if "tabindex" in a:
            assert a["id"] == f"h-{i}"
            self.focusable.append(i)
        self.stack.append({"i": i, "start": len("".join(self.text))})

    def handle_endtag(self, tag):
        top = self.stack.pop()
        self.pieces.setdefault(top["i"], []).append((top["start"], len("".join(self.text))))

    def handle_data(self, data):
        self.text.append(data)


@st.composite
def text_and_spans(draw):
    text = draw(st.text(alphabet="ab <>&\"'\n“”é", max_size=40))
    n = len(text)
    spans = []
    for i in range(draw(st.integers(0, 8))):
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        spans.append((a, b, i, "f-x", f'data-i="{i}"'))
    return text, spans


@settings(max_examples=300, deadline=None)
@given(text_and_spans())
def test_highlighting_keeps_the_text_and_every_finding_whatever_the_overlaps(case):
    text, spans = case
    parser = _Marks()
    parser.feed(html_format.highlight(text, spans))
    parser.close()
    assert "".join(parser.text) == text
    assert not parser.stack, "unclosed <mark>"
    assert sorted(parser.focusable) == [s[2] for s in spans]
    for start, end, i, *_ in spans:
        pieces = sorted(parser.pieces[i])
        # the pieces of one finding are contiguous and cover exactly its span
        assert pieces[0][0] == start and pieces[-1][1] == end
        assert all(p[1] == q[0] for p, q in zip(pieces, pieces[1:]))


def _write(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def test_html_report_is_one_self_contained_file(samples_report):
    out, findings = samples_report
    page = out.read_text(encoding="utf-8")
    assert page.count(' id="h-') == len(findings)
    assert "http://" not in page and "https://" not in page
    assert " src=" not in page
    assert page.count("<script") == 1
    assert "Content-Security-Policy" in page
    for code in {f["code"] for f in findings}:
        assert f'id="rule-{code}"' in page


def test_html_escapes_article_text(cli, tmp_path):
    src = _write(tmp_path, "hostile.txt", HOSTILE)
    out = tmp_path / "report.html"
    r = cli("check", "--format", "html", "-o", str(out), str(src))
    assert r.returncode == 1, r.stderr.decode()
    page = out.read_text(encoding="utf-8")
    assert "<script>window" not in page and "<img" not in page
    assert "&lt;script&gt;window.__pwned" in page
    assert "&lt;img src=x onerror=" in page
    assert "&amp;amp;" in page


def test_sources_are_kept_only_when_asked():
    texts = [("a.txt", "He said “hello“ to them.\r\n")]
    assert Linter.from_settings(Settings()).lint_texts(texts).sources == {}
    linter = Linter.from_settings(Settings())
    linter.keep_sources = True
    assert linter.lint_texts(texts).sources == {"a.txt": texts[0][1]}


# -- in the browser ------------------------------------------------------------------------

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def samples_report(tmp_path_factory):
    from conftest import run_cli

    out = tmp_path_factory.mktemp("html") / "samples.html"
    r = run_cli("check", "--format", "html", "--output-file", str(out), "samples/")
    assert r.returncode == 1, r.stderr.decode()
    assert r.stdout == b""
    findings = json.loads(run_cli("check", "--format", "json", "samples/").stdout)["findings"]
    return out, findings


def _open(browser, path: Path, width=1300, height=900):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.requests, page.errors, page.dialogs = [], [], []
    page.on("request", lambda req: page.requests.append(req.url))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    return page


def test_browser_shows_every_finding_in_place(browser, samples_report):
    path, findings = samples_report
    page = _open(browser, path)
    assert page.locator("mark.hl[tabindex]").count() == len(findings)
    shown = page.evaluate(
        """() => Array.from(document.querySelectorAll('mark.hl[tabindex]')).map(m =>
             [m.closest('article').querySelector('h3').textContent,
              Array.from(document.querySelectorAll('[data-i="' + m.dataset.i + '"]')).map(x => x.textContent).join('')])"""
    )
    expected = []
    for f in findings:
        text = (ROOT / f["path"]).read_text(encoding="utf-8")
        expected.append([f["path"], text[f["offset"]:f["end_offset"]]])
    assert sorted(shown) == sorted(expected)
    assert page.errors == []
    assert all(u.startswith("file://") for u in page.requests), page.requests
    page.close()


def test_browser_tooltip_on_focus_and_link_to_rule(browser, samples_report):
    path, findings = samples_report
    page = _open(browser, path)
    first = findings[0]
    assert page.locator("#tip").is_hidden()
    page.locator("#h-0").focus()
    tip = page.locator("#tip")
    assert tip.is_visible()
    text = tip.inner_text()
    assert first["code"] in text and first["message"] in text
    if first["fix"]:
        assert first["fix"]["edits"][0]["content"].strip() in text
    assert page.locator("#h-0").get_attribute("aria-describedby") == "tip"
    assert tip.locator("a").first.get_attribute("href") == f"#rule-{first['code']}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html-report-tooltip.png"))
    # Enter follows the code to the rule's explanation in the report.
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == f"#rule-{first['code']}"
    assert page.locator(f"#rule-{first['code']}").inner_text().count(first["name"]) >= 1
    page.keyboard.press("Escape")
    assert tip.is_hidden()
    page.close()


def test_browser_filter_hides_a_family(browser, samples_report):
    path, findings = samples_report
    page = _open(browser, path)
    quotes = page.locator('mark.hl[tabindex][data-f="quotes"]')
    calques = page.locator('mark.hl[tabindex][data-f="calques"]')
    assert quotes.count() > 0 and calques.count() > 0

    def background(loc):
        return loc.evaluate("m => getComputedStyle(m).backgroundColor")

    assert background(quotes.first) != "rgba(0, 0, 0, 0)"
    page.locator('input[data-filter="f-quotes"]').uncheck()
    assert background(quotes.first) == "rgba(0, 0, 0, 0)"
    assert quotes.first.evaluate("m => m.tabIndex") == -1
    assert page.locator('li[data-f="quotes"]').first.is_hidden()
    assert background(calques.first) != "rgba(0, 0, 0, 0)"
    assert calques.first.evaluate("m => m.tabIndex") == 0
    quotes.first.hover()
    assert page.locator("#tip").is_hidden()
    page.locator('input[data-filter="f-quotes"]').check()
    assert quotes.first.evaluate("m => m.tabIndex") == 0
    page.locator("#doc-0").scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "html-report.png"), full_page=False)
    page.close()


def test_browser_runs_nothing_from_the_article(browser, tmp_path):
    from conftest import run_cli

    src = _write(tmp_path, "hostile.txt", HOSTILE)
    out = tmp_path / "hostile.html"
    assert run_cli("check", "--format", "html", "-o", str(out), str(src)).returncode == 1
    page = _open(browser, out)
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1
    assert page.locator("article .text").text_content() == HOSTILE
    assert page.locator("mark.hl[tabindex]").count() >= 1
    assert all(u.startswith("file://") for u in page.requests), page.requests
    page.close()


def test_browser_500_articles_stay_usable(browser, tmp_path):
    # Lint the seeds once and copy them to 500 articles (linting 500 files is the engine's
    # business, and slow; this test is about the page).
    seeds = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SAMPLES.glob("*.txt"))]
    linter = Linter.from_settings(Settings())
    linter.keep_sources = True
    base = linter.lint_texts(seeds)
    report = Report(rules=base.rules)
    for n in range(500):
        name, text = seeds[n % len(seeds)]
        path = f"feed/{n:03d}.txt"
        report.files.append(path)
        report.sources[path] = text
        report.documents.append(replace(next(d for d in base.documents if d.path == name), path=path))
        report.findings += [replace(f, path=path) for f in base.findings if f.path == name]
    out = tmp_path / "big.html"
    out.write_text(html_format.render(report), encoding="utf-8")
    started = time.monotonic()
    page = _open(browser, out)
    loaded = time.monotonic() - started
    last = page.locator("mark.hl[tabindex]").last
    last.scroll_into_view_if_needed()
    last.focus()
    assert page.locator("#tip").is_visible()
    assert page.locator("mark.hl[tabindex]").count() == len(report.findings)
    assert loaded < 15, f"500 articles took {loaded:.1f}s to load"
    page.close()


def test_overview_ranks_articles_and_shows_metrics_and_language_when_known():
    linter = Linter.from_settings(Settings())
    linter.keep_sources = True
    report = linter.lint_texts([
        ("calm.txt", "The council met on Monday and approved the budget for next year.\n"),
        ("noisy.txt", "He said “no“ and “never“ to the plan.\n"),
    ])
    for d in report.documents:  # as when neither metrics nor a language were found
        d.metrics, d.source_language = {}, None
    page = html_format.render(report)
    assert "No readability metrics or source language" in page
    ranking = page[page.index('id="ranking"'):page.index('id="articles-h"')]
    assert ranking.index("noisy.txt") < ranking.index("calm.txt")
    for d in report.documents:
        d.metrics = {"flesch_reading_ease": 61.25}
    report.documents[1].source_language = {"language": "es", "confidence": 0.8, "evidence": ["dateline"]}
    page = html_format.render(report)
    ranking = page[page.index('id="ranking"'):page.index('id="articles-h"')]
    assert "flesch reading ease" in ranking and ">61.2<" in ranking
    assert "es (0.80)" in ranking and 'title="dateline"' in ranking
