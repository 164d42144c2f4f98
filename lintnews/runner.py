"""From settings and paths to a report: select rules, read inputs, run the engine.

This is the library entry point (``lint_paths``, ``lint_texts``); the CLI is a thin layer on
top of it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from lintnews.analysers import default_analysers
from lintnews.cache import Cache
from lintnews.config import Settings
from lintnews.document import Document
from lintnews.engine import Engine
from lintnews.inputs import JsonlFormat, decode, discover, iter_jsonl, read, read_bytes
from lintnews.model import InputError, Report, RuleMeta, Severity
from lintnews.packs import Rule, load_rules
from lintnews.suppressions import UNUSED_CODE, Suppressor
from lintnews.suppressions import parse as parse_directives


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
    # Language-pack rules, selected or not: their calques are evidence for the source language.
    packs: list[Rule] = field(default_factory=list)
    # Keep each document's text in ``Report.sources`` (formatters that show source lines,
    # fingerprints for baselines and SARIF); off by default to keep memory low.
    keep_sources: bool = False
    # Every loaded rule's code -> name, selected or not (to judge suppression comments).
    known: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings, rule_dirs: list[Path] | None = None) -> "Linter":
        loaded = load_rules(rule_dirs, options=settings.options)
        for _glob, codes in settings.per_file_ignores:
            for selector in codes:
                if not any(_matches(selector, r.meta) >= 0 for r in loaded):
                    raise SelectionError(f"per-file-ignores: '{selector}' matches no rule code or name (see `lintnews rules`)")
        packs = [r for r in loaded if r.meta.source_language]
        rules = select_rules(loaded, settings.select, settings.ignore)
        shared: dict = {}  # what configured checks share for one run (one LanguageTool client)
        for rule in rules:
            configure = getattr(rule.checker, "configure", None)
            if configure is not None:
                configure(settings, shared)  # may raise ConfigError (a bad names file)
        known = {r.meta.code: r.meta.name for r in loaded}
        return cls(settings, rules, packs, known=known)

    def suppressor(self) -> Suppressor:
        root = os.path.dirname(os.path.abspath(self.settings.config_path)) if self.settings.config_path else None
        active = {r.meta.code: r.meta.name for r in self.rules}
        unused = next((r.meta.message for r in self.rules if r.meta.code == UNUSED_CODE), None)
        extra = {"message": unused} if unused else {}
        return Suppressor(active, self.known or active, self.settings.per_file_ignores, root, **extra)

    def engine(self) -> Engine:
        return Engine(
            rules=self.rules,
            analysers=default_analysers(self.settings, self.packs),
            applies=applies_for(self.settings),
            severity=severity_for(self.settings),
        )

    def run(
        self, inputs: Iterable[Document | InputError], context: Iterable[Document | InputError] = (), jobs: int = 1
    ) -> Report:
        """Lint documents already in memory (and record the errors given among them).
        ``context`` documents feed the corpus rules' statistics but are not reported."""
        report = self._collect(inputs, jobs, None, context=context)
        report.sort()
        return report

    def lint_paths(
        self,
        targets: list[str],
        jobs: int | None = 1,
        cache: Cache | None = None,
        jsonl: JsonlFormat | None = None,
        progress=None,
        reader=None,
        executor=None,
    ) -> tuple[Report, list[str]]:
        """Lint files and directories. ``jobs``: worker processes (``None``: one per core for
        large inputs, else one). ``cache``: reuse results of unchanged files. ``jsonl``: the
        inputs are JSON Lines corpora, streamed record by record. ``reader(path)``: turns a
        path into a Document or an InputError in this process (``--fix`` keeps the bytes).
        ``executor``: runs the linting elsewhere (``lintnews.distributed.DaskExecutor``)."""
        found = discover(targets, self.settings.include, self.settings.exclude)
        context = discover(list(self.settings.context), self.settings.include, self.settings.exclude)
        linted = {os.path.realpath(p) for p in found.paths}
        extra = [p for p in context.paths if p != "-" and os.path.realpath(p) not in linted]
        sources: Iterable = found.paths
        if jsonl is not None:
            sources = (rec for path in found.paths for rec in iter_jsonl(path, jsonl))
            if jobs is None:
                jobs = default_jobs(range(LARGE_INPUT_FILES))
        elif reader is not None:
            sources, jobs, cache = (reader(p) for p in found.paths), 1, None
        elif jobs is None:
            jobs = default_jobs(found.paths)
        if progress is not None:
            progress.start(None if jsonl is not None else len(found.paths))
        try:
            if executor is not None:
                report = executor.collect(self, found.paths, jsonl, progress, context=(read(p) for p in extra))
            else:
                report = self._collect(sources, jobs, cache, progress, context=(read(p) for p in extra))
        finally:
            if progress is not None:
                progress.stop()
        report.errors.extend(found.errors)
        report.errors.extend(InputError(e.path, f"context file: {e.message}") for e in context.errors)
        report.sort()
        return report, found.warnings + context.warnings

    def _collect(self, sources: Iterable, jobs: int, cache: Cache | None, progress=None, context: Iterable = ()) -> Report:
        engine = self.engine()
        keep = self.keep_sources
        worker_skipped: list = []
        if jobs > 1:
            results = _parallel_results(self, sources, jobs, cache, worker_skipped)
        else:
            results = (_source_result(engine, source, cache, keep) for source in sources)
        return self.assemble(engine, results, engine.finish, progress, context, worker_skipped)

    def assemble(self, engine: Engine, results: Iterable, finish, progress=None, context: Iterable = (), skipped: list = ()) -> Report:
        """A report from per-document results (``_source_result``'s, computed here, in worker
        processes or on a cluster): context files observed first, then each result, then
        ``finish()``'s corpus findings, suppressions and what was skipped (``engine``'s and
        ``skipped``, read after ``finish``)."""
        suppressor = self.suppressor()
        report = Report(rules={r.meta.code: r.meta for r in self.rules})
        for item in context:
            if isinstance(item, InputError):
                report.errors.append(InputError(item.path, f"context file: {item.message}"))
            elif engine.corpus_rules:
                engine.observe_context(item)
        for path, result in results:
            if progress is not None:
                progress.advance()
            if isinstance(result, InputError):
                report.errors.append(result)
                continue
            found_here, info, observations, directives, raw = result
            engine.absorb(observations)
            suppressor.add(path, directives)
            if raw is not None:
                report.sources[path] = raw
            report.files.append(path)
            report.findings.extend(found_here)
            report.documents.append(info)
        report.findings.extend(finish())
        report.findings = suppressor.apply(report.findings)
        for item in engine.skipped() + list(skipped):
            if item not in report.skipped:
                report.skipped.append(item)
        return report

    def lint_texts(self, texts: Iterable[tuple[str, str]]) -> Report:
        """Lint ``(path, text)`` pairs held in memory."""
        return self.run(Document(path, text) for path, text in texts)


LARGE_INPUT_FILES = 200


def default_jobs(paths) -> int:
    """One process per core when there is enough work to pay for starting them."""
    if len(paths) < LARGE_INPUT_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _source_result(engine: Engine, source, cache: Cache | None, keep_source: bool = False):
    """Lint one source: a path to read and decode, a ``Document`` (a corpus record), or an
    ``InputError`` passed through. Returns ``(path, result)``, the result being
    ``(findings, info, corpus observations, suppression directives, raw text or None)``, or
    an ``InputError``. Everything but the raw text may come from the cache."""
    if isinstance(source, InputError):
        return source.path, source
    if isinstance(source, Document):
        path, data, doc = source.path, None, source
    else:
        path, doc = source, None
        data = read_bytes(path)
        if isinstance(data, InputError):
            return path, data
    use_cache = cache is not None and path != "-"
    key = b""
    if use_cache:
        key = data if data is not None else doc.raw.encode("utf-8", "surrogatepass")
        hit = cache.get(path, key)
        if hit is not None:
            raw = None
            if keep_source:
                raw = doc.raw if doc is not None else getattr(decode(path, data), "raw", None)
            return path, (*hit, raw)
    if doc is None:
        doc = decode(path, data)
        if isinstance(doc, InputError):
            return path, doc
    findings, info, observations = engine.check_detached(doc)
    result = (findings, info, observations, parse_directives(doc))
    if use_cache:
        cache.put(path, key, result)
    return path, (*result, doc.raw if keep_source else None)


# Worker processes: the linter is handed over by fork.
_WORKER: dict = {}


def _init_worker(linter: "Linter", cache: Cache | None) -> None:
    _WORKER["engine"] = linter.engine()
    _WORKER["cache"] = cache
    _WORKER["keep"] = linter.keep_sources


def _work(sources: list) -> list:
    engine, cache, keep = _WORKER["engine"], _WORKER["cache"], _WORKER["keep"]
    results = [_source_result(engine, s, cache, keep) for s in sources]
    return results, engine.skipped()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _parallel_results(linter: "Linter", sources: Iterable, jobs: int, cache: Cache | None, skipped: list):
    """Document rules and corpus observations in ``jobs`` processes. Chunks are submitted a
    few at a time (inputs are streamed, never all in memory) and results come back in input
    order; the calling process merges, decides and reports as a serial run does."""
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor

    stdin = [s for s in ([] if not isinstance(sources, list) else sources) if s == "-"]
    if stdin:  # standard input belongs to this process
        yield _source_result(linter.engine(), "-", None, linter.keep_sources)
        sources = [s for s in sources if s != "-"]
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker, initargs=(linter, cache)) as pool:
        pending: deque = deque()
        for chunk in _chunks(sources, 16):
            pending.append(pool.submit(_work, chunk))
            if len(pending) >= jobs * 4:
                yield from _unpack(pending.popleft().result(), skipped)
        while pending:
            yield from _unpack(pending.popleft().result(), skipped)


def _unpack(chunk_result, skipped: list):
    results, chunk_skipped = chunk_result
    skipped.extend(s for s in chunk_skipped if s not in skipped)
    return results
