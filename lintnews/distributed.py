"""Run lintnews on a Dask cluster: the same findings as a local run, from many machines.

Three phases over Dask bag partitions, the corpus rules' statistics staying on the cluster:

1. map: every document of a partition through the engine (``Engine.check_detached``) and its
   suppression comments parsed. What a report needs per document (findings, the
   ``documents`` entry, directives) goes back to the client; the corpus observations (with
   the text they point into) stay on the workers (``persist``).
2. reduce: each corpus rule's statistics merged per partition, then partitions merged in a
   tree (``Engine.merge_stats``; merges are associative, and never change their inputs). The
   client decides the verdicts (``Engine.decide``) over the corpus-wide statistics and those
   of its context files.
3. map: each partition reports its own documents' corpus findings under those verdicts
   (``Engine.report_detached``).

The client then assembles the report as a local run does (``Linter.assemble``: suppressions,
skipped checks, sorting), so every formatter, exit code and baseline works unchanged.

Dask, distributed and pandas are imported inside functions only: ``lintnews`` works without
them, and ``pip install 'lintnews[dask]'`` brings them.
"""

from __future__ import annotations

import math
import os
import uuid
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from lintnews.config import Settings
from lintnews.document import Document
from lintnews.inputs import JsonlFormat, jsonl_record, read, read_bytes
from lintnews.model import InputError, Report

INSTALL_HINT = "pip install 'lintnews[dask]'"
# How long the client waits for a scheduler given with --scheduler.
CONNECT_TIMEOUT = "3s"
# Partitions: at least MIN_PARTITIONS_PER_THREAD per worker thread (articles differ in cost,
# so smaller partitions balance the load), at most FILES_PER_PARTITION files each. A JSON
# Lines corpus is cut into byte blocks (at line ends) of MIN_BLOCK_BYTES to
# JSONL_BLOCK_BYTES, so that a single large file still spreads over the cluster.
MIN_PARTITIONS_PER_THREAD = 4
FILES_PER_PARTITION = 64
JSONL_BLOCK_BYTES = 16 * 1024 * 1024
MIN_BLOCK_BYTES = 4096
# Fan-in of the tree reduction of corpus statistics.
SPLIT_EVERY = 8


class DaskError(Exception):
    """Dask is missing, or the cluster cannot be reached: the message says what to do."""


def require_dask(what: str = "--executor dask") -> None:
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise DaskError(f"{what} needs Dask: {INSTALL_HINT}") from None


# -- on the workers ----------------------------------------------------------------------------

_HELD: tuple = (None, None)  # (linter, engine): the engine of the linter this process last saw


def _engine(linter):
    """The engine for ``linter``, built once per worker process (the linter object arrives
    once per worker and stays in its memory)."""
    global _HELD
    held, engine = _HELD
    if held is not linter:
        engine = linter.engine()
        _HELD = (linter, engine)
    return engine


@dataclass(frozen=True)
class FileItem:
    """A file to read on a worker: ``path`` as the user gave it (findings name it so),
    ``where`` absolute (a worker's working directory is not the client's)."""

    path: str
    where: str


@dataclass(frozen=True)
class JsonlBlock:
    """Lines ``[start, end)`` (bytes) of a JSON Lines file, the first being line ``lineno``."""

    path: str
    start: int
    end: int
    lineno: int
    fmt: JsonlFormat
    where: str = ""


def _not_here(path: str, exc: OSError) -> InputError:
    """A file the client found but a worker cannot open."""
    import socket

    message = f"cannot be read: {exc.strerror or exc}"
    if isinstance(exc, FileNotFoundError):
        message += f" on the Dask worker {socket.gethostname()} (workers read the files: give them the same paths)"
    return InputError(path, message)


def _read_file(item: FileItem) -> Document | InputError:
    from lintnews.inputs import decode

    try:
        with open(item.where, "rb") as fh:
            data = fh.read()
    except FileNotFoundError as exc:
        return _not_here(item.path, exc)
    except OSError:
        data = read_bytes(item.where)  # the messages of a local run
        return InputError(item.path, data.message) if isinstance(data, InputError) else decode(item.path, data)
    return decode(item.path, data)


@dataclass
class _Part:
    """A partition after phase 1: per-document results for the client (without corpus
    observations), the observations kept on the cluster, and the checks skipped there."""

    results: list
    observations: list
    skipped: list


def _block_sources(block: JsonlBlock) -> Iterator[Document | InputError]:
    try:
        with open(block.where or block.path, "rb") as fh:
            fh.seek(block.start)
            data = fh.read(block.end - block.start)
    except OSError as exc:
        yield _not_here(block.path, exc)
        return
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    for i, line in enumerate(lines):
        item = jsonl_record(block.path, block.lineno + i, line, block.fmt)
        if item is not None:
            yield item


def _record_document(item: Any, fmt: JsonlFormat, prefix: str | None = None) -> Document | InputError:
    """A record of a bag or data frame: ``(id, text)``, a mapping, a Document, or
    ``(position, text)`` for plain texts numbered by the client. Named by its id, or
    ``prefix#id`` (a Parquet file's records, as JSON Lines records are named)."""
    if isinstance(item, Document):
        return item
    if isinstance(item, dict):
        rid, text = item.get(fmt.id_field) if fmt.id_field else None, item.get(fmt.text_field)
    else:
        rid, text = item
    rid = str(rid)
    name = rid if prefix is None else f"{prefix}#{rid}"
    if not isinstance(text, str):
        return InputError(name, f"record has no string field '{fmt.text_field}'")
    return Document(name, text, record_id=rid)


def _parquet_records(items: Iterable, fmt: JsonlFormat, path: str) -> list:
    return [_record_document(item, fmt, path) for item in items]


def _sources(items: Iterable, records: JsonlFormat | None) -> Iterator:
    for item in items:
        if records is not None:
            yield _record_document(item, records)
        elif isinstance(item, JsonlBlock):
            yield from _block_sources(item)
        elif isinstance(item, FileItem):
            yield _read_file(item)
        else:
            yield item  # a Document (standard input, read by the client) or an InputError


def check_partition(items: Iterable, linter, records: JsonlFormat | None = None) -> list[_Part]:
    """Phase 1 for one partition."""
    from lintnews.runner import _source_result

    engine = _engine(linter)
    results, observations = [], []
    for source in _sources(items, records):
        path, result = _source_result(engine, source, None, linter.keep_sources)
        if not isinstance(result, InputError):
            found, info, observed, directives, raw = result
            observations.extend(observed)
            result = (found, info, (), directives, raw)
        results.append((path, result))
    return [_Part(results, observations, engine.skipped())]


def _client_share(parts: list[_Part]) -> list:
    return [(part.results, part.skipped) for part in parts]


def _partition_stats(parts: list[_Part], linter) -> list[dict]:
    engine = _engine(linter)
    return [engine.merge_stats((code, stats) for part in parts for code, _light, stats in part.observations)]


def _combine(partials: list[list[dict]], linter) -> list[dict]:
    engine = _engine(linter)
    return [engine.merge_stats(pair for partial in partials for stats in partial for pair in stats.items())]


def _report_partition(parts: list[_Part], verdicts: dict, linter) -> list:
    engine = _engine(linter)
    return [f for part in parts for f in engine.report_detached(part.observations, verdicts)]


# -- on the client -----------------------------------------------------------------------------


def _constant(value: Any, prefix: str):
    """``value`` as one task of the graph (sent to each worker once, not with every task)."""
    from dask import delayed

    return delayed(value, name=f"{prefix}-{uuid.uuid4().hex}", traverse=False)


class _Scheduler:
    """A distributed Client when one is given, else Dask's current scheduler."""

    def __init__(self, client=None):
        self.client = client

    def persist(self, collection):
        if self.client is not None:
            return self.client.persist(collection)
        import dask

        return dask.persist(collection)[0]

    def compute(self, *collections):
        import dask

        if self.client is not None:
            return dask.compute(*collections, scheduler=self.client)
        return dask.compute(*collections)

    def threads(self) -> int:
        if self.client is None:
            return os.cpu_count() or 1
        return max(1, sum(self.client.nthreads().values()))  # asks the scheduler now


def lint_partitions(linter, bag, client=None, records: JsonlFormat | None = None, progress=None, context: Iterable = ()) -> Report:
    """Lint the items of a Dask bag (paths, JSON Lines blocks or Documents; with ``records``,
    records as ``lint_bag`` takes them) in the three phases; the report as a local run makes it."""
    run = _Scheduler(client)
    the_linter = _constant(linter, "lintnews-linter")
    checked = run.persist(bag.map_partitions(check_partition, the_linter, records))
    (shares,) = run.compute(checked.map_partitions(_client_share))
    engine = linter.engine()
    skipped: list = []
    for _results, worker_skipped in shares:
        skipped.extend(s for s in worker_skipped if s not in skipped)

    def finish() -> list:
        if not engine.corpus_rules:
            return []
        partials = checked.map_partitions(_partition_stats, the_linter).to_delayed()
        from dask import delayed

        while len(partials) > 1:
            partials = [
                delayed(_combine)(partials[i : i + SPLIT_EVERY], the_linter)
                for i in range(0, len(partials), SPLIT_EVERY)
            ]
        (merged,) = run.compute(partials[0])
        verdicts = engine.decide(merged[0] if merged else {})
        (found,) = run.compute(checked.map_partitions(_report_partition, _constant(verdicts, "lintnews-verdicts"), the_linter))
        return list(found)

    results = (result for share_results, _ in shares for result in share_results)
    return linter.assemble(engine, results, finish, progress, context, skipped)


def _jsonl_blocks(path: str, fmt: JsonlFormat, block: int) -> Iterator[JsonlBlock | InputError]:
    """Cut a JSON Lines file into blocks at line ends, counting lines (read once, here)."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputError(path, f"cannot be read: {exc.strerror or exc}")
        return
    with fh:
        start, lineno = 0, 1
        while True:
            data = fh.read(block)
            if not data:
                break
            rest = fh.readline()  # finish the last line of the block
            data += rest
            yield JsonlBlock(path, start, start + len(data), lineno, fmt, os.path.abspath(path))
            start += len(data)
            lineno += data.count(b"\n")


def _partitions(n_items: int, threads: int) -> int:
    want = max(threads * MIN_PARTITIONS_PER_THREAD, math.ceil(n_items / FILES_PER_PARTITION))
    return max(1, min(n_items, want))


class DaskExecutor:
    """Runs ``Linter.lint_paths`` on a Dask cluster: a LocalCluster of worker processes, or
    the scheduler at ``address``. Files are read by the workers (on a real cluster they need
    the same paths, a shared file system); standard input is read here."""

    def __init__(self, client, cluster=None):
        self.client = client
        self.cluster = cluster

    @classmethod
    def start(cls, address: str | None = None, workers: int | None = None, what: str | None = None) -> "DaskExecutor":
        require_dask(what or ("--executor dask" if address is None else "--scheduler"))
        import logging

        from distributed import Client, LocalCluster

        if address is not None:
            try:
                client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
            except Exception as exc:  # OSError, TimeoutError, ValueError for a bad address
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise DaskError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
            try:
                client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except Exception:
                client.close()
                raise DaskError(f"the Dask scheduler at {address} has no workers: start some with `dask worker {address}`") from None
            return cls(client)
        cluster = LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        )
        return cls(Client(cluster, set_as_default=False), cluster)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> "DaskExecutor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def collect(self, linter, paths: list[str], jsonl: JsonlFormat | None, progress=None, context: Iterable = ()) -> Report:
        import dask.bag as db

        threads = _Scheduler(self.client).threads()
        items: list = []
        if jsonl is not None:
            local = [p for p in paths if p == "-"]
            files = [p for p in paths if p != "-"]
            size = sum(os.path.getsize(p) for p in files if os.path.isfile(p))
            want = threads * MIN_PARTITIONS_PER_THREAD
            block = max(MIN_BLOCK_BYTES, min(JSONL_BLOCK_BYTES, math.ceil(size / want) if size else JSONL_BLOCK_BYTES))
            for path in files:
                items.extend(_jsonl_blocks(path, jsonl, block))
            if local:
                from lintnews.inputs import iter_jsonl

                items.extend(iter_jsonl("-", jsonl))
            npartitions = max(1, len(items)) if not local else _partitions(len(items), threads)
        else:
            items = [read("-") if p == "-" else FileItem(p, os.path.abspath(p)) for p in paths]
            npartitions = _partitions(len(items), threads)
        if not items:
            return linter.assemble(linter.engine(), (), list, progress, context)
        bag = db.from_sequence(items, npartitions=npartitions)
        return lint_partitions(linter, bag, self.client, progress=progress, context=context)


    def collect_parquet(self, linter, paths: list[str], fmt: JsonlFormat) -> Report:
        """Lint the records of Parquet files or dataset folders (``fmt``: the text and id
        columns; records are named ``path#id``, the row index without an id column)."""
        import dask.bag as db

        from lintnews.inputs import discover

        bags, errors = [], []
        for path in paths:
            if not os.path.exists(path):
                errors.append(InputError(path, "no such file or directory"))
                continue
            try:
                frame = read_parquet(path, fmt.text_field, fmt.id_field)
            except Exception as exc:  # pyarrow's errors (wrapped by Dask): not Parquet, no such column
                while exc.__cause__ is not None:
                    exc = exc.__cause__
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                errors.append(InputError(path, f"cannot be read as Parquet: {reason}"))
                continue
            bags.append(_as_bag(frame, fmt.text_field, fmt.id_field, None).map_partitions(_parquet_records, fmt, path))
        found = discover(list(linter.settings.context), linter.settings.include, linter.settings.exclude)
        context = [read(p) for p in found.paths if p != "-"] + found.errors
        if bags:
            report = lint_partitions(linter, db.concat(bags), self.client, context=context)
        else:
            report = linter.assemble(linter.engine(), (), list, None, context)
        report.errors.extend(errors)
        report.sort()
        return report


# -- the Python API ----------------------------------------------------------------------------


def _linter(settings: Settings | None, keep_sources: bool = False):
    from lintnews.runner import Linter

    linter = Linter.from_settings(settings or Settings())
    linter.keep_sources = keep_sources
    return linter


def _count(items) -> list[int]:
    return [sum(1 for _ in items)]


def _numbered(items, first: int) -> list:
    return [(first + i, item) if isinstance(item, str) else item for i, item in enumerate(items)]


def lint_bag(bag, settings: Settings | None = None, client=None, text_field: str = "text", id_field: str = "id") -> Report:
    """Lint a Dask bag of articles. Items are ``(id, text)`` pairs, mappings with
    ``text_field`` and ``id_field``, ``Document``\\ s, or plain texts (named by their position
    in the bag, which costs a first pass to count each partition). Findings' ``path`` is the
    record id. ``client``: a ``distributed.Client`` (default: Dask's current scheduler)."""
    require_dask("lint_bag")
    run = _Scheduler(client)
    first = bag.take(1, npartitions=1, warn=False)
    if first and isinstance(first[0], str):
        from dask import delayed
        import dask.bag as db

        (counts,) = run.compute(bag.map_partitions(_count))
        starts = [sum(counts[:i]) for i in range(len(counts))]
        parts = [delayed(_numbered)(part, start) for part, start in zip(bag.to_delayed(), starts)]
        bag = db.from_delayed(parts)
    fmt = JsonlFormat(text_field, id_field)
    report = lint_partitions(_linter(settings), bag, client, records=fmt)
    report.sort()
    return report


FINDING_COLUMNS = (
    "id", "code", "name", "severity", "message", "line", "column", "end_line", "end_column",
    "offset", "end_offset", "suggestions", "fix",
)


def findings_frame(report: Report):
    """A pandas DataFrame with one row per finding: the record ``id`` (the path for files),
    ``code``, ``name``, ``severity``, ``message``, positions (as in the JSON output),
    ``suggestions`` (a list) and ``fix`` (``safe``, ``unsafe`` or None)."""
    import pandas as pd

    rows = [
        (
            f.path, f.code, f.name, str(f.severity), f.message, f.line, f.column, f.end_line, f.end_column,
            f.offset, f.end_offset, list(f.suggestions), f.fix.applicability.value if f.fix else None,
        )
        for f in report.findings
    ]
    return pd.DataFrame.from_records(rows, columns=list(FINDING_COLUMNS))


def _as_bag(df, text_column: str, id_column: str | None, npartitions: int | None):
    import dask.dataframe as dd
    import pandas as pd

    if isinstance(df, pd.DataFrame):
        df = dd.from_pandas(df, npartitions=npartitions or max(1, min(len(df), 2 * (os.cpu_count() or 1))))
    missing = [c for c in (text_column, id_column) if c is not None and c not in df.columns]
    if missing:
        raise KeyError(f"no column {missing[0]!r} in the data frame (columns: {', '.join(map(str, df.columns))})")
    if id_column is None:
        return df[text_column].to_bag(index=True)
    return df[[id_column, text_column]].to_bag()


def lint_frame(df, text_column: str = "text", id_column: str | None = None, settings: Settings | None = None,
               client=None, npartitions: int | None = None) -> Report:
    """Lint a column of a Dask or pandas DataFrame; each row is a record named by
    ``id_column`` (default: the index). Returns the report (findings, documents, errors)."""
    require_dask("lint_frame")
    bag = _as_bag(df, text_column, id_column, npartitions)
    report = lint_partitions(_linter(settings), bag, client, records=JsonlFormat(text_column, id_column))
    report.sort()
    return report


def lint_dataframe(df, text_column: str = "text", id_column: str | None = None, settings: Settings | None = None,
                   client=None, npartitions: int | None = None):
    """The findings of :func:`lint_frame` as a pandas DataFrame (see :func:`findings_frame`).
    Records whose text is not a string are listed in ``result.attrs["errors"]``."""
    report = lint_frame(df, text_column, id_column, settings, client, npartitions)
    frame = findings_frame(report)
    frame.attrs["errors"] = [{"id": e.path, "message": e.message} for e in report.errors]
    return frame


def read_parquet(path: str, text_column: str = "text", id_column: str | None = "id"):
    """A Parquet file or folder as a Dask DataFrame of just the columns lintnews reads."""
    require_dask("read_parquet")
    import dask.dataframe as dd

    columns = [c for c in (id_column, text_column) if c is not None]
    return dd.read_parquet(path, columns=columns)


def lint_parquet(path: str, text_column: str = "text", id_column: str | None = "id", settings: Settings | None = None, client=None):
    """Findings DataFrame for the articles in a Parquet file or folder (read through Dask)."""
    return lint_dataframe(read_parquet(path, text_column, id_column), text_column, id_column, settings, client)
