"""From settings and paths to a report: select rules, read inputs, run the engine.

This is the library entry point (``lint_paths``, ``lint_texts``); the CLI is a thin layer on
top of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from lintnews.analysers import default_analysers
from lintnews.config import Settings
from lintnews.document import Document
from lintnews.engine import Engine
from lintnews.inputs import discover, read
from lintnews.model import InputError, Report, RuleMeta, Severity
from lintnews.packs import Rule, load_rules


class SelectionError(Exception):
    pass


def _matches(selector: str, meta: RuleMeta) -> int:
    """How specifically ``selector`` names the rule: prefix length, or -1 for no match."""
    if selector == "ALL":
        return 0
    if selector == meta.name:
        return 100
    if meta.code.startswith(selector):
        return len(selector)
    return -1


def select_rules(rules: list[Rule], select: Iterable[str], ignore: Iterable[str]) -> list[Rule]:
    """ruff's semantics: the most specific selector wins; without --select, the rules enabled
    by default run."""
    select, ignore = list(select), list(ignore)
    for selector in select + ignore:
        if not any(_matches(selector, r.meta) >= 0 for r in rules):
            raise SelectionError(f"'{selector}' matches no rule code or name (see `lintnews rules`)")
    chosen = []
    for rule in rules:
        sel = max((_matches(s, rule.meta) for s in select), default=None)
        ign = max((_matches(s, rule.meta) for s in ignore), default=-1)
        if sel is None:
            on = rule.enabled
            sel = -1 if not on else 0
            if ign >= 0:
                on = False
        else:
            on = sel >= 0 and (ign < 0 or sel > ign)
        if on:
            chosen.append(rule)
    return chosen


def severity_for(settings: Settings):
    table = settings.severity

    def pick(meta: RuleMeta) -> Severity:
        best, best_len = meta.severity, -1
        for key, sev in table.items():
            n = _matches(key, meta)
            if n > best_len:
                best, best_len = sev, n
        return best

    return pick


def applies_for(settings: Settings):
    """Language packs run for the configured source language, or, with ``auto``, for the
    language inferred for the document (every pack when nothing was inferred)."""
    wanted = settings.source_language

    def applies(rule: Rule, doc: Document) -> bool:
        lang = rule.meta.source_language
        if lang is None or wanted == "all":
            return True
        if wanted != "auto":
            return lang == wanted
        inferred = doc.facts.get("source_language")
        return inferred is None or lang == inferred

    return applies


@dataclass
class Linter:
    """Rules chosen once, then any number of runs."""

    settings: Settings
    rules: list[Rule] = field(default_factory=list)
    keep_sources: bool = False  # store each document's raw text in Report.sources

    @classmethod
    def from_settings(cls, settings: Settings, rule_dirs: list[Path] | None = None) -> "Linter":
        rules = load_rules(rule_dirs, options=settings.options)
        return cls(settings, select_rules(rules, settings.select, settings.ignore))

    def engine(self) -> Engine:
        return Engine(
            rules=self.rules,
            analysers=default_analysers(self.settings),
            applies=applies_for(self.settings),
            severity=severity_for(self.settings),
        )

    def run(self, inputs: Iterable[Document | InputError]) -> Report:
        engine = self.engine()
        report = Report(rules={r.meta.code: r.meta for r in self.rules})
        for item in inputs:
            if isinstance(item, InputError):
                report.errors.append(item)
                continue
            found, info = engine.check(item)
            report.files.append(item.path)
            report.findings.extend(found)
            report.documents.append(info)
            if self.keep_sources:
                report.sources[item.path] = item.raw
        report.findings.extend(engine.finish())
        report.sort()
        return report

    def lint_paths(self, targets: list[str]) -> tuple[Report, list[str]]:
        found = discover(targets, self.settings.include, self.settings.exclude)
        report = self.run(read(p) for p in found.paths)
        report.errors.extend(found.errors)
        report.sort()
        return report, found.warnings

    def lint_texts(self, texts: Iterable[tuple[str, str]]) -> Report:
        """Lint ``(path, text)`` pairs held in memory."""
        return self.run(Document(path, text) for path, text in texts)
