"""A self-contained HTML report for editors: an overview, then each article with its findings
highlighted in place.

One file, no network: the CSS and the script are inlined, and a Content-Security-Policy allows
only that script (by hash), so nothing in an article can run even if it got past escaping.
Every piece of article text goes through :func:`html.escape`.

Highlights are ``<mark>`` elements, nested when findings nest; when two findings cross, the
inner one is closed and reopened as a continuation piece (``class="cont"``), so every finding
keeps exactly one focusable highlight and all of them stay visible. Articles use
``content-visibility: auto`` so the browser lays out only what is on screen, and the script
works by event delegation (no listener per highlight).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from html import escape
from importlib import resources
from typing import Iterable

from lintnews import __version__
from lintnews.model import Applicability, Finding, Report, RuleMeta

NEEDS_SOURCE = True

# Background colour and darker edge per family; unknown families take the spare colours.
FAMILY_COLOURS = {
    "calques": ("#f6c945", "#9a7300"),
    "names": ("#7cc0f2", "#1f5f99"),
    "quotes": ("#f59bc3", "#a3245e"),
    "untranslated": ("#a6e07a", "#3f7d12"),
    "structure": ("#c8a8f2", "#5d2e9c"),
    "punctuation": ("#f6ad6a", "#9a4c00"),
    "boilerplate": ("#bdbdbd", "#555555"),
    "encoding": ("#f28b8b", "#a11c1c"),
    "readability": ("#7fdccf", "#15756a"),
    "grammar": ("#dede70", "#737300"),
}
SPARE_COLOURS = [("#9fd3e8", "#2a6f8a"), ("#e8b59f", "#8a452a"), ("#b5c7a0", "#4d6136"), ("#d6a6c9", "#7a3a69")]
SEVERITY_COLOURS = {"error": "#b00020", "warning": "#d99a00", "info": "#7a8ba3"}
EXCERPT = 90  # characters of flagged text shown in a fix


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def family_key(family: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", family.lower()).strip("-") or "other"


def _asset(name: str) -> str:
    return resources.files("lintnews.formatters").joinpath("html_assets", name).read_text(encoding="utf-8")


def _short(text: str) -> str:
    text = text.replace("\r\n", "\n")
    if len(text) > EXCERPT:
        text = text[: EXCERPT - 1] + "…"
    return text


# -- highlighting --------------------------------------------------------------------------


def highlight(text: str, spans: Iterable[tuple[int, int, int, str, str]]) -> str:
    """``text`` escaped, with each ``(start, end, index, classes, attrs)`` wrapped in a ``<mark>``.

    ``classes`` are added to ``hl`` on every piece; ``attrs`` is the rest of the opening tag
    (already escaped). Crossing spans are
    split: the piece where a finding starts is its highlight (``id="h-<index>"``, focusable),
    later pieces are ``cont``. Empty spans (insertion points) become empty ``zero`` marks.
    """
    n = len(text)
    ranges, zero = [], {}
    for start, end, *rest in spans:
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        if end == start:
            zero.setdefault(start, []).append((start, end, *rest))
        else:
            ranges.append((start, end, *rest))
    ranges.sort(key=lambda r: (r[0], -r[1], r[2]))
    points = sorted({0, n, *zero, *(r[0] for r in ranges), *(r[1] for r in ranges)})

    out: list[str] = []
    stack: list[tuple[int, int, int, str]] = []
    pos = nxt = 0
    for point in points:
        out.append(escape(text[pos:point], quote=False))
        pos = point
        closing = [i for i, r in enumerate(stack) if r[1] == point]
        if closing:
            k = closing[0]
            reopen = sorted((r for r in stack[k:] if r[1] != point), key=lambda r: -r[1])
            out.append("</mark>" * (len(stack) - k))
            del stack[k:]
            for r in reopen:
                out.append(_open(r, cont=True))
                stack.append(r)
        for r in zero.get(point, ()):
            out.append(_open(r, zero=True) + "</mark>")
        while nxt < len(ranges) and ranges[nxt][0] == point:
            out.append(_open(ranges[nxt]))
            stack.append(ranges[nxt])
            nxt += 1
    out.append(escape(text[pos:], quote=False))
    return "".join(out)


def _open(r: tuple[int, int, int, str, str], cont: bool = False, zero: bool = False) -> str:
    _, _, idx, classes, attrs = r
    if cont:
        return f'<mark class="hl cont {classes}" {attrs}>'
    if idx < 0:  # an example in the rules section: not a finding, not focusable
        return f'<mark class="ex {classes}">'
    cls = "hl zero" if zero else "hl"
    return f'<mark class="{cls} {classes}" {attrs} id="h-{idx}" tabindex="0">'


# -- pieces --------------------------------------------------------------------------------


def _fix_html(f: Finding, source: str | None) -> str:
    if f.fix is not None and f.fix.edits:
        label = "Safe fix" if f.fix.applicability is Applicability.SAFE else "Fix (check it)"
        parts = []
        for e in f.fix.edits:
            old = _short(source[e.offset : e.end_offset]) if source is not None else ""
            if e.content == "":
                parts.append(f"delete <code>{esc(old)}</code>" if old else "delete")
            elif old:
                parts.append(f"<code>{esc(old)}</code> → <code>{esc(_short(e.content))}</code>")
            else:
                parts.append(f"insert <code>{esc(_short(e.content))}</code>")
        return f'<div class="fix">{label}: {"; ".join(parts)}</div>'
    if f.suggestions:
        alts = " | ".join(f"<code>{esc(_short(s))}</code>" for s in f.suggestions[:8])
        return f'<div class="fix">Suggestion: {alts}</div>'
    return '<div class="muted">No automatic fix: edit by hand.</div>'


def _bars(rows: list[tuple[str, int, str, str]], total: int) -> str:
    """Horizontal CSS bars: ``(label, count, class, colour)``; an empty colour keeps the class's."""
    out = []
    for label, count, cls, colour in rows:
        pct = 100.0 * count / total if total else 0.0
        style = (f"--c:{colour};" if colour else "") + f"width:{pct:.1f}%"
        out.append(
            f'<div class="bar"><span>{esc(label)}</span>'
            f'<span class="track" role="img" aria-label="{esc(label)}: {count}"><span class="fill {cls}" style="{style}"></span></span>'
            f'<span class="n">{count}</span></div>'
        )
    return "".join(out) or '<p class="muted">No findings.</p>'


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _language(sl: dict | None) -> str:
    if not sl or not sl.get("language"):
        return ""
    conf = sl.get("confidence")
    text = sl["language"] + (f" ({conf:.2f})" if isinstance(conf, (int, float)) else "")
    evidence = sl.get("evidence") or []
    title = f' title="{esc("; ".join(map(str, evidence)))}"' if evidence else ""
    return f"<span{title}>{esc(text)}</span>"


def _rule_html(meta: RuleMeta, count: int) -> str:
    fix = "none (reports only)" if meta.fix is Applicability.NONE else f"{meta.fix.value}. {meta.fix_rationale}"
    bad = next((ex for ex in meta.examples if not ex.good and ex.marks), None)
    example = ""
    if bad is not None:
        shown = highlight(bad.text, [(a, b, -1, f"f-{family_key(meta.family)}", "") for a, b in bad.marks])
        example = f'<p>Example: <span class="text">{shown}</span>'
        if bad.fixed is not None:
            example += f' → <span class="text">{esc(bad.fixed)}</span>'
        example += "</p>"
    lang = f" · source language {esc(meta.source_language)}" if meta.source_language else ""
    return (
        f'<section class="rule f-{family_key(meta.family)}" id="rule-{esc(meta.code)}">'
        f'<h3><span class="swatch"></span>{esc(meta.code)} {esc(meta.name)}</h3>'
        f'<div class="meta">{esc(meta.family)} · {esc(meta.severity)} · {count} finding{"s" if count != 1 else ""}{lang}</div>'
        f"<p><b>{esc(meta.summary)}</b></p>"
        + (f"<p>{esc(meta.description)}</p>" if meta.description else "")
        + f"<p>Fix: {esc(fix)}</p>{example}</section>"
    )


# -- the page ------------------------------------------------------------------------------


def render(report: Report) -> str:
    rules = report.rules
    families = {code: (m.family or "other") for code, m in rules.items()}

    def fam(f: Finding) -> str:
        return families.get(f.code, "other")

    family_names = sorted({fam(f) for f in report.findings} | {m.family for m in rules.values() if m.family})
    colours, spare = {}, iter(SPARE_COLOURS * 10)
    for name in family_names:
        colours[family_key(name)] = FAMILY_COLOURS.get(family_key(name)) or next(spare)
    colours.setdefault("other", ("#cccccc", "#666666"))

    by_path: dict[str, list[tuple[int, Finding]]] = {}
    for i, f in enumerate(report.findings):
        by_path.setdefault(f.path, []).append((i, f))
    docs = {d.path: d for d in report.documents}
    paths = list(report.files) + [p for p in by_path if p not in report.files]
    anchor = {p: f"doc-{n}" for n, p in enumerate(paths)}

    per_family = Counter(fam(f) for f in report.findings)
    per_severity = Counter(str(f.severity) for f in report.findings)
    per_code = Counter(f.code for f in report.findings)
    total = len(report.findings)
    words = sum(d.words for d in report.documents)
    safe = sum(1 for f in report.findings if f.fix and f.fix.applicability is Applicability.SAFE)

    # Per-report CSS: family colours and the filter rules.
    css = [_asset("report.css")]
    for key, (bg, edge) in sorted(colours.items()):
        css.append(f".f-{key}{{--c:{bg};--cd:{edge}}}")
        css.append(
            f"body.hide-f-{key} mark.hl[data-f={key}]{{background:none;border-bottom-color:transparent;outline:none;cursor:text}}"
            f"body.hide-f-{key} mark.zero[data-f={key}]::before{{content:none}}"
            f"body.hide-f-{key} li[data-f={key}]{{display:none}}"
        )
    for sev in ("error", "warning", "info"):
        css.append(
            f"body.hide-s-{sev} mark.hl[data-s={sev}]{{background:none;border-bottom-color:transparent;outline:none;cursor:text}}"
            f"body.hide-s-{sev} mark.zero[data-s={sev}]::before{{content:none}}"
            f"body.hide-s-{sev} li[data-s={sev}]{{display:none}}"
        )
    script = _asset("report.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )

    h: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>lintnews report: {total} finding{'s' if total != 1 else ''} in {len(report.files)} file{'s' if len(report.files) != 1 else ''}</title>",
        "<style>" + "\n".join(css) + "</style></head><body>",
        '<header class="top"><h1>lintnews report</h1>'
        f"<p>Defects machine translation left in {len(report.files)} article{'s' if len(report.files) != 1 else ''} "
        f"· lintnews {esc(__version__)}</p></header>",
    ]

    # Filters (sticky).
    h.append('<nav class="filters" aria-label="Filter highlights"><fieldset><legend>Families</legend>')
    for name in sorted(per_family):
        key = family_key(name)
        h.append(
            f'<label class="f-{key}"><input type="checkbox" checked data-filter="f-{key}"> '
            f'<span class="swatch"></span>{esc(name)} ({per_family[name]})</label>'
        )
    h.append("</fieldset><fieldset><legend>Severity</legend>")
    for sev in ("error", "warning", "info"):
        if per_severity.get(sev):
            h.append(f'<label><input type="checkbox" checked data-filter="s-{sev}"> {sev} ({per_severity[sev]})</label>')
    h.append('</fieldset><a href="#overview">Overview</a><a href="#rules">Rules</a></nav><main>')

    # Overview.
    h.append('<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">Overview</h2><div class="cards">')
    cards = [
        (len(report.files), "files checked"),
        (total, "findings"),
        (sum(1 for p in paths if by_path.get(p)), "articles with findings"),
        (words, "words"),
        (safe, "safe fixes"),
    ]
    if report.errors:
        cards.append((len(report.errors), "files not read"))
    h += [f'<div class="card"><b>{n}</b><span>{esc(label)}</span></div>' for n, label in cards]
    h.append("</div>")
    for e in report.errors:
        h.append(f'<p class="sev error">{esc(e.path)}: {esc(e.message)}</p>')
    for s in report.skipped:
        h.append(f'<p class="muted">Skipped {esc(s.check)}: {esc(s.reason)}</p>')
    fam_rows = [(name, per_family[name], f"f-{family_key(name)}", "")
                for name in sorted(per_family, key=lambda k: (-per_family[k], k))]
    sev_rows = [(sev, per_severity[sev], "", SEVERITY_COLOURS[sev])
                for sev in ("error", "warning", "info") if per_severity.get(sev)]
    sev_html = _bars(sev_rows, total)
    h.append(
        '<div class="charts">'
        f'<div class="chart"><h3>Findings per family</h3>{_bars(fam_rows, total)}</div>'
        f'<div class="chart"><h3>Findings per severity</h3>{sev_html}</div></div>'
    )

    # Articles ranked by defects per 1,000 words.
    metric_keys = sorted({k for d in report.documents for k in d.metrics})
    has_lang = any(d.source_language and d.source_language.get("language") for d in report.documents)

    def rate(p: str) -> float | None:
        d = docs.get(p)
        return 1000.0 * len(by_path.get(p, ())) / d.words if d and d.words else None

    ranked = sorted(paths, key=lambda p: (rate(p) is None, -(rate(p) or 0), -len(by_path.get(p, ())), p))
    h.append('<h2 id="ranking">Articles ranked by defects per 1,000 words</h2>')
    if not metric_keys and not has_lang:
        h.append('<p class="muted">No readability metrics or source language in this report.</p>')
    h.append('<div class="tablewrap"><table><thead><tr><th class="num">#</th><th>Article</th>'
             '<th class="num">Words</th><th class="num">Findings</th><th class="num">Per 1,000 words</th>')
    h += [f'<th class="num">{esc(k.replace("_", " "))}</th>' for k in metric_keys]
    if has_lang:
        h.append("<th>Source language</th>")
    h.append("</tr></thead><tbody>")
    for n, p in enumerate(ranked, 1):
        d = docs.get(p)
        r = rate(p)
        h.append(
            f'<tr><td class="num">{n}</td><td><a href="#{anchor[p]}">{esc(p)}</a></td>'
            f'<td class="num">{d.words if d else ""}</td><td class="num">{len(by_path.get(p, ()))}</td>'
            f'<td class="num">{"" if r is None else f"{r:.1f}"}</td>'
        )
        h += [f'<td class="num">{esc(_fmt(d.metrics[k])) if d and k in d.metrics else ""}</td>' for k in metric_keys]
        if has_lang:
            h.append(f"<td>{_language(d.source_language if d else None)}</td>")
        h.append("</tr>")
    h.append("</tbody></table></div></section>")

    # Articles.
    h.append('<section aria-labelledby="articles-h"><h2 id="articles-h">Articles</h2>')
    for p in paths:
        found = by_path.get(p, [])
        d = docs.get(p)
        source = report.sources.get(p)
        r = rate(p)
        meta = [f"{d.words} words" if d else "", f"{len(found)} finding{'s' if len(found) != 1 else ''}"]
        if r is not None:
            meta.append(f"{r:.1f} per 1,000 words")
        if d:
            meta += [f"{k.replace('_', ' ')} {_fmt(v)}" for k, v in sorted(d.metrics.items())]
            if d.source_language and d.source_language.get("language"):
                meta.append("source language " + _language(d.source_language))
        h.append(
            f'<article class="doc" id="{anchor[p]}" aria-labelledby="{anchor[p]}-h">'
            f'<h3 id="{anchor[p]}-h">{esc(p)}</h3><div class="meta">'
            + " · ".join(m if m.startswith("source language") else esc(m) for m in meta if m)
            + '</div><div class="docbody">'
        )
        if source is not None:
            spans = []
            for i, f in found:
                key = family_key(fam(f))
                attrs = f'data-i="{i}" data-f="{key}" data-s="{f.severity}" data-c="{esc(f.code)}"'
                spans.append((f.offset, f.end_offset, i, f"f-{key} s-{f.severity}", attrs))
            body = highlight(source, spans)
            h.append(f'<div class="text" lang="en">{body}</div>')
        else:
            h.append('<div class="text missing">The text of this article is not in the report.</div>')
        h.append(f'<ol class="findings" aria-label="Findings in {esc(p)}">')
        for i, f in found:
            key = family_key(fam(f))
            h.append(
                f'<li id="fi-{i}" class="f-{key}" data-f="{key}" data-s="{f.severity}">'
                f'<a class="where" href="#h-{i}">L{f.line}:{f.column}</a> '
                f'<span class="sev {f.severity}">{f.severity}</span> '
                f'<a class="code" href="#rule-{esc(f.code)}">{esc(f.code)}</a> <span class="name">{esc(f.name)}</span>'
                f'<div class="msg">{esc(f.message)}</div>{_fix_html(f, source)}</li>'
            )
        h.append("</ol></div></article>")
    h.append("</section>")

    # Rules used.
    h.append('<section id="rules" aria-labelledby="rules-h"><h2 id="rules-h">Rules in this report</h2>')
    for code in sorted(per_code):
        if code in rules:
            h.append(_rule_html(rules[code], per_code[code]))
        else:
            h.append(f'<section class="rule" id="rule-{esc(code)}"><h3>{esc(code)}</h3></section>')
    quiet = sorted(c for c in rules if c not in per_code)
    if quiet:
        h.append(f'<p class="muted">Also ran, with no finding: {esc(", ".join(quiet))}.</p>')
    h.append("</section></main>")
    h.append('<div id="tip" role="tooltip" hidden></div>')
    h.append(f"<script>{script}</script></body></html>\n")
    return "\n".join(h)
