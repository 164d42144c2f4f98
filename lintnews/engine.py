"""One pass over the inputs: each document once through every selected rule.

Document rules run per document. Corpus rules (names spelled differently across articles)
run in four phases over plain, picklable values, so that the same rule can run in one process,
in several, or on a cluster with the same result:

``observe(doc) -> stats``
    what this document contributes (its names and where they are); kept per document.
``merge(a, b) -> stats``
    associative combination of two observations.
``decide(stats) -> verdict``
    the corpus-wide conclusion (which spelling is preferred).
``report(stats, verdict) -> Iterable[Hit]``
    the hits for one document, from that document's own observation and the verdict; each
    hit's ``params["text"]`` is the flagged text (the engine keeps no copy of the document).

The engine, not the rule, turns hits into findings: it stamps code, name, severity, message,
positions (mapped back to the file as decoded) and the fix with the rule's applicability.
"""

from __future__ import annotations

import copy
import string
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from lintnews.document import Document
from lintnews.model import Applicability, DocumentInfo, Edit, Finding, Fix, Hit, RuleMeta, Severity, Skipped
from lintnews.packs import Rule


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_FORMATTER = string.Formatter()


def render_message(template: str, params: Mapping[str, Any]) -> str:
    return _FORMATTER.vformat(template, (), _Params(params))


def make_finding(meta: RuleMeta, hit: Hit, doc: Document, severity: Severity | None = None) -> Finding:
    """Stamp a rule's hit with everything the reports need."""
    line, col = doc.position(hit.start)
    end_line, end_col = doc.position(hit.end)
    fix = None
    if hit.edits and meta.fix is not Applicability.NONE:
        newline = "\r\n" if doc.crlf else "\n"
        edits = tuple(
            Edit(doc.to_raw(e.offset), doc.to_raw(e.end_offset), e.content.replace("\n", newline))
            for e in sorted(hit.edits)
        )
        fix = Fix(meta.fix, edits)
    return Finding(
        path=doc.path,
        code=meta.code,
        name=meta.name,
        severity=severity or meta.severity,
        message=render_message(meta.message, hit.params if "text" in hit.params else {"text": doc.text[hit.start : hit.end], **hit.params}),
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        offset=doc.to_raw(hit.start),
        end_offset=doc.to_raw(hit.end),
        suggestions=tuple(hit.suggestions),
        fix=fix,
        related=tuple(hit.related),
    )


Analyser = Callable[[Document, DocumentInfo], None]


@dataclass
class Engine:
    """Runs a fixed set of rules. Feed documents with :meth:`check`, then call :meth:`finish`.

    ``analysers`` fill a document's :class:`DocumentInfo` (metrics, source language) and its
    ``facts`` before the rules run. ``applies`` decides whether a rule runs on a document
    (language packs follow the inferred source language). ``severity`` maps a rule to the
    severity configured for it.
    """

    rules: list[Rule]
    analysers: list[Analyser] = field(default_factory=list)
    applies: Callable[[Rule, Document], bool] = lambda rule, doc: True
    severity: Callable[[RuleMeta], Severity] = lambda meta: meta.severity

    def __post_init__(self) -> None:
        self.doc_rules = [r for r in self.rules if not r.is_corpus]
        self.corpus_rules = [r for r in self.rules if r.is_corpus]
        self._severity = {r.meta.code: self.severity(r.meta) for r in self.rules}
        # Per corpus rule: merged stats, and per document its own stats and locator.
        self._merged: dict[str, Any] = {}
        self._local: dict[str, list[tuple[Any, Any]]] = {r.meta.code: [] for r in self.corpus_rules}
        self._checkers = {r.meta.code: r.checker for r in self.corpus_rules}
        # A rule whose checker has ``defers_to`` (code prefixes) drops its findings that overlap
        # a finding of those rules on the same document (LanguageTool's quote and spacing
        # matches yield to lintnews's own quote and spacing rules).
        self._defers = {r.meta.code: tuple(r.checker.defers_to) for r in self.doc_rules if getattr(r.checker, "defers_to", None)}

    def info(self, doc: Document) -> DocumentInfo:
        info = DocumentInfo(path=doc.path, words=doc.word_count)
        for analyse in self.analysers:
            analyse(doc, info)
        return info

    def check(self, doc: Document) -> tuple[list[Finding], DocumentInfo]:
        """Run the analysers and document rules on ``doc``; corpus rules observe it."""
        findings, info, observations = self.check_detached(doc)
        self.absorb(observations)
        return findings, info

    def check_detached(self, doc: Document) -> tuple[list[Finding], DocumentInfo, list[tuple[str, Any, Any]]]:
        """Like :meth:`check`, but return the corpus observations instead of keeping them:
        ``(code, light document, stats)`` triples, picklable, for :meth:`absorb` in the
        process that decides (a worker process or a cache hands them back)."""
        info = self.info(doc)
        findings: list[Finding] = []
        for rule in self.doc_rules:
            if not self.applies(rule, doc):
                continue
            meta, sev = rule.meta, self._severity[rule.meta.code]
            for hit in rule.checker.check(doc):
                findings.append(make_finding(meta, hit, doc, sev))
        if self._defers:
            findings = _drop_deferred(findings, self._defers)
        observations = []
        light = None
        for rule in self.corpus_rules:
            if self.applies(rule, doc):
                light = light or _Light(doc)
                observations.append((rule.meta.code, light, rule.checker.observe(doc)))
        return findings, info, observations

    def absorb(self, observations: Iterable[tuple[str, Any, Any]]) -> None:
        """Keep each document's observation and merge it into the corpus statistics."""
        for code, light, stats in observations:
            self._local[code].append((light, stats))
            self._accumulate(code, stats)

    def _accumulate(self, code: str, stats: Any, merged: dict[str, Any] | None = None) -> None:
        """Merge ``stats`` into the corpus statistics (or into ``merged``). A checker with
        ``merge_into`` (merge that updates its first argument) accumulates into a copy the
        engine owns, so the statistics given are never changed."""
        merged = self._merged if merged is None else merged
        checker = self._checkers[code]
        into = getattr(checker, "merge_into", None)
        if code not in merged:
            merged[code] = copy.deepcopy(stats) if into else stats
        else:
            merged[code] = into(merged[code], stats) if into else checker.merge(merged[code], stats)

    def merge_stats(self, pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
        """``(code, stats)`` pairs merged per corpus rule into a new ``{code: stats}``, without
        keeping them: one step of a reduction done elsewhere (a cluster merges the
        observations of each partition, then the partitions' merges)."""
        merged: dict[str, Any] = {}
        for code, stats in pairs:
            self._accumulate(code, stats, merged)
        return merged

    def decide(self, stats: Mapping[str, Any]) -> dict[str, Any]:
        """Verdicts over ``{code: stats}`` reduced elsewhere, together with what this engine
        observed itself (context files); for :meth:`finish` or :meth:`report_detached`."""
        merged = self.merge_stats([*stats.items(), *self._merged.items()])
        return {code: self._checkers[code].decide(s) for code, s in merged.items()}

    def observe_context(self, doc: Document) -> None:
        """Let corpus rules learn from ``doc`` without reporting on it (context files)."""
        self.info(doc)  # analysers fill doc.facts, which decide whether a rule applies
        for rule in self.corpus_rules:
            if self.applies(rule, doc):
                self._accumulate(rule.meta.code, rule.checker.observe(doc))

    def finish(self, verdicts: Mapping[str, Any] | None = None) -> list[Finding]:
        """Decide every corpus rule over what was observed and report per document.

        ``verdicts`` may be given when the decision was taken elsewhere (a cluster reduced
        the statistics of every partition)."""
        findings: list[Finding] = []
        for rule in self.corpus_rules:
            code = rule.meta.code
            if verdicts is not None and code in verdicts:
                verdict = verdicts[code]
            elif code in self._merged:
                verdict = rule.checker.decide(self._merged[code])
            else:
                continue
            findings.extend(self._report(rule, verdict, sorted(self._local[code], key=lambda item: item[0].path)))
        return findings

    def report_detached(self, observations: Iterable[tuple[str, Any, Any]], verdicts: Mapping[str, Any]) -> list[Finding]:
        """The corpus findings of observations kept elsewhere (by :meth:`check_detached` on a
        cluster partition), given the verdicts decided over the whole corpus."""
        rules = {r.meta.code: r for r in self.corpus_rules}
        findings: list[Finding] = []
        for code, light, stats in observations:
            if code in verdicts:
                findings.extend(self._report(rules[code], verdicts[code], [(light, stats)]))
        return findings

    def _report(self, rule: Rule, verdict: Any, observed: Iterable[tuple[Any, Any]]) -> Iterable[Finding]:
        code = rule.meta.code
        for doc, stats in observed:
            for hit in rule.checker.report(stats, verdict):
                yield make_finding(rule.meta, hit, doc, self._severity[code])

    def skipped(self) -> list[Skipped]:
        """Checks that could not run (each once): from rules whose checker has ``skipped()``."""
        out: list[Skipped] = []
        for rule in self.rules:
            report = getattr(rule.checker, "skipped", None)
            for item in report() if report else ():
                if item not in out:
                    out.append(item)
        return out


def _overlaps(a: Finding, b: Finding) -> bool:
    if a.offset == a.end_offset or b.offset == b.end_offset:
        return a.offset <= b.end_offset and b.offset <= a.end_offset
    return a.offset < b.end_offset and b.offset < a.end_offset


def _drop_deferred(findings: list[Finding], defers: Mapping[str, tuple[str, ...]]) -> list[Finding]:
    kept = []
    for f in findings:
        prefixes = defers.get(f.code)
        if prefixes and any(o.code.startswith(prefixes) and o.code not in defers and _overlaps(f, o) for o in findings):
            continue
        kept.append(f)
    return kept


class _Light:
    """What the engine keeps of a document between observe and report: the path and the
    position tables, not the text (memory grows with the corpus rules' statistics, not with
    the corpus). A corpus rule's hits carry their text in ``params["text"]``; a hit without
    it renders ``{text}`` empty."""

    __slots__ = ("path", "crlf", "_cr_positions", "line_starts")
    text = ""

    def __init__(self, doc: Document):
        self.path = doc.path
        self.crlf = doc.crlf
        self._cr_positions = doc._cr_positions
        self.line_starts = doc.line_starts

    to_raw = Document.to_raw
    position = Document.position
