"""The command line: flags -> settings -> runner -> formatter -> exit code. No linting here."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from lintnews import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

app = typer.Typer(
    name="lintnews",
    help="A linter for machine-translated news: calques, names, quotes, boilerplate, "
    "untranslated fragments, mojibake.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    full = "full"
    grouped = "grouped"
    json_lines = "json-lines"
    sarif = "sarif"
    github = "github"
    gitlab = "gitlab"
    junit = "junit"
    checkstyle = "checkstyle"
    markdown = "markdown"
    html = "html"


class InputFormat(str, Enum):
    text = "text"
    jsonl = "jsonl"
    parquet = "parquet"


def select_includes_jsonl(settings) -> bool:
    return any(p.endswith(".jsonl") for p in settings.include)


class Executor(str, Enum):
    local = "local"
    dask = "dask"


class FailOn(str, Enum):
    info = "info"
    warning = "warning"
    error = "error"


def _fail(message: str, code: int = EXIT_ERROR) -> "typer.Exit":
    typer.echo(f"lintnews: error: {message}", err=True)
    return typer.Exit(code)


def _split(values: Optional[List[str]]) -> Optional[tuple[str, ...]]:
    if values is None:
        return None
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lintnews {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_callback(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """lintnews finds the defects machine translation leaves in news articles."""


def _settings(config: Optional[Path], isolated: bool, **cli):
    from lintnews.config import ConfigError, load_settings

    try:
        return load_settings(config, isolated).with_cli(**cli)
    except ConfigError as exc:
        raise _fail(str(exc)) from None


def _load_rules(settings=None, select_all: bool = False):
    from lintnews.packs import PackError, load_rules

    try:
        return load_rules(options=settings.options if settings else None)
    except PackError as exc:
        raise _fail(f"rule pack: {exc}") from None


@app.command()
def check(
    paths: List[str] = typer.Argument(None, help="Files or directories to lint; '-' reads standard input."),
    output_format: OutputFormat = typer.Option(OutputFormat.text, "--format", help="Output format."),
    select: Optional[List[str]] = typer.Option(None, "--select", help="Rule codes, code prefixes or names to run (comma-separated)."),
    ignore: Optional[List[str]] = typer.Option(None, "--ignore", help="Rule codes, code prefixes or names to skip (comma-separated)."),
    source_language: Optional[str] = typer.Option(None, "--source-language", help="Language the text was translated from: auto, all or a code such as es."),
    fail_on: Optional[FailOn] = typer.Option(None, "--fail-on", help="Lowest severity that makes the exit code 1."),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even when there are findings."),
    output_file: Optional[Path] = typer.Option(None, "--output-file", "-o", help="Write the report to this file instead of standard output."),
    config: Optional[Path] = typer.Option(None, "--config", help="Use this config file instead of searching for one."),
    isolated: bool = typer.Option(False, "--isolated", help="Ignore every config file."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: one per core for large inputs)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not read or write the result cache."),
    cache_dir: Path = typer.Option(Path(".lintnews_cache"), "--cache-dir", help="Where cached results of unchanged files are kept."),
    input_format: InputFormat = typer.Option(InputFormat.text, "--input-format", help="text files, JSON Lines corpora (one article per record), or Parquet files read through Dask (needs pip install 'lintnews[dask]')."),
    text_field: str = typer.Option("text", "--text-field", help="With --input-format jsonl or parquet: the field (column) holding the article text."),
    id_field: str = typer.Option("id", "--id-field", help="With --input-format jsonl or parquet: the field (column) naming the record in findings."),
    context: Optional[List[str]] = typer.Option(None, "--context", help="Files or directories read for name statistics but not reported (repeatable)."),
    names_file: Optional[str] = typer.Option(None, "--names-file", help="File of preferred name spellings (one per line, or YAML)."),
    statistics: bool = typer.Option(False, "--statistics", help="Print the number of findings per rule instead of the findings."),
    write_baseline: Optional[Path] = typer.Option(None, "--write-baseline", help="Record today's findings in this file (see --baseline) and exit 0."),
    baseline: Optional[Path] = typer.Option(None, "--baseline", help="Report only findings not recorded in this baseline file."),
    languagetool_url: Optional[str] = typer.Option(None, "--languagetool-url", envvar="LINTNEWS_LANGUAGETOOL_URL", show_envvar=True, help="A LanguageTool server for the grammar rules (GR), e.g. http://localhost:8081. Text goes only there."),
    languagetool_home: Optional[Path] = typer.Option(None, "--languagetool-home", help="An unpacked LanguageTool-X.Y folder (or the folder holding it) to start for the grammar rules; never downloaded."),
    require_languagetool: bool = typer.Option(False, "--require-languagetool", help="Exit 2 when the grammar rules could not run."),
    fix: bool = typer.Option(False, "--fix", help="Apply safe fixes to the files (on '-': write the fixed text to standard output), then report what remains."),
    unsafe_fixes: bool = typer.Option(False, "--unsafe-fixes", help="With --fix or --diff, apply unsafe fixes too (they change words, names or lines)."),
    diff: bool = typer.Option(False, "--diff", help="Print a unified diff of what --fix would change and write nothing; exit 1 if there is something to fix."),
    executor: Executor = typer.Option(Executor.local, "--executor", help="Where to lint: here (local), or on a Dask cluster (dask; needs pip install 'lintnews[dask]')."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="With --executor dask: the address of a running Dask scheduler (tcp://host:8786); default: a local cluster of --jobs worker processes."),
) -> None:
    """Lint files and report findings."""
    from lintnews.formatters import get as get_formatter
    from lintnews.model import Severity
    from lintnews.runner import Linter, SelectionError

    settings = _settings(
        config,
        isolated,
        select=_split(select),
        ignore=_split(ignore),
        source_language=source_language,
        fail_on=Severity.parse(fail_on.value) if fail_on else None,
        context=tuple(context) if context else None,
        names_file=names_file,
    )
    from lintnews.config import ConfigError
    settings = _with_languagetool(settings, languagetool_url, languagetool_home, require_languagetool)
    from lintnews.packs import PackError

    try:
        linter = Linter.from_settings(settings)
    except ConfigError as exc:
        raise _fail(str(exc)) from None
    except PackError as exc:
        raise _fail(f"rule pack: {exc}") from None
    except SelectionError as exc:
        raise _fail(str(exc)) from None
    from lintnews import baseline as baselines
    from lintnews.formatters import needs_source

    known = None
    if baseline is not None:
        try:
            known = baselines.load(baseline)
        except baselines.BaselineError as exc:
            raise _fail(str(exc)) from None
    linter.keep_sources = bool(write_baseline or baseline) or (not statistics and needs_source(output_format.value))
    from lintnews.cache import Cache
    from lintnews.inputs import JsonlFormat

    jsonl = None
    if input_format is InputFormat.jsonl:
        jsonl = JsonlFormat(text_field, id_field or None)
        if not select_includes_jsonl(settings):
            settings = settings.with_cli(include=settings.include + ("*.jsonl",))
            linter.settings = settings
    cache = None if no_cache else Cache.for_run(cache_dir, linter.rules, settings)
    from lintnews.progress import Progress

    if fix or diff:
        if executor is Executor.dask or scheduler:
            raise _fail("--fix and --diff run locally: drop --executor dask and --scheduler")
        report, warnings, code = _fix_or_diff(linter, paths or ["."], unsafe_fixes, diff)
        if code is not None:
            raise typer.Exit(code)
    elif executor is Executor.dask or scheduler or input_format is InputFormat.parquet:
        parquet = JsonlFormat(text_field, id_field or None) if input_format is InputFormat.parquet else None
        report, warnings = _lint_on_dask(linter, paths or ["."], jsonl, scheduler, jobs, parquet)
    else:
        report, warnings = linter.lint_paths(
            paths or ["."], jobs=jobs, cache=cache, jsonl=jsonl, progress=Progress.for_terminal()
        )
    for w in warnings:
        typer.echo(f"lintnews: warning: {w}", err=True)
    for e in report.errors:
        typer.echo(f"lintnews: error: {e.path}: {e.message}", err=True)

    if write_baseline is not None:
        try:
            baselines.write(write_baseline, report.findings, report.sources)
        except baselines.BaselineError as exc:
            raise _fail(str(exc)) from None
        n = len(report.findings)
        typer.echo(f"lintnews: recorded {n} finding{'s' if n != 1 else ''} in {write_baseline}", err=True)
        raise typer.Exit(EXIT_ERROR if report.errors else EXIT_OK)
    if known is not None:
        before = len(report.findings)
        report.findings = baselines.new_findings(report.findings, report.sources, known)
        hidden = before - len(report.findings)
        if hidden:
            typer.echo(f"lintnews: {hidden} finding{'s' if hidden != 1 else ''} in the baseline not shown", err=True)
    if statistics:
        output = render_statistics(report, output_format)
    else:
        output = get_formatter(output_format.value).render(report)
    if fix and output_file is None and "-" in (paths or []):
        # The fixed text went to standard output; the report goes to standard error.
        sys.stderr.write(output)
        sys.stderr.flush()
    elif output_file is not None:
        from lintnews.fileio import atomic_write_text

        try:
            atomic_write_text(output_file, output)
        except OSError as exc:
            raise _fail(f"{output_file}: cannot write the report: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(output)
        sys.stdout.flush()
    if settings.languagetool.require:
        missing = [s.reason for s in report.skipped if s.check == "grammar"]
        if missing:
            raise _fail("LanguageTool is required (--require-languagetool) but the grammar check did not run: " + "; ".join(missing))
    raise typer.Exit(exit_code(report, settings.fail_on, exit_zero))


def _lint_on_dask(linter, paths: list[str], jsonl, scheduler: Optional[str], jobs: Optional[int], parquet=None):
    """The run on a Dask cluster: the scheduler given, or a local cluster of ``jobs`` worker
    processes. The result cache is not used there. Parquet input is always read through Dask."""
    from lintnews.distributed import DaskError, DaskExecutor

    try:
        cluster = DaskExecutor.start(scheduler, workers=jobs, what="--input-format parquet" if parquet and not scheduler else None)
    except DaskError as exc:
        raise _fail(str(exc)) from None
    with cluster:
        try:
            if parquet is not None:
                return cluster.collect_parquet(linter, paths, parquet), []
            return linter.lint_paths(paths, jsonl=jsonl, executor=cluster)
        except Exception as exc:  # raised on the cluster: a worker died, lintnews is missing there
            reason = str(exc).splitlines()[0] if str(exc) else ""
            raise _fail(
                f"the Dask cluster could not lint: {type(exc).__name__}: {reason} (the scheduler and every "
                f"worker need lintnews {__version__} installed: pip install 'lintnews[dask]=={__version__}')"
            ) from None


def _with_languagetool(settings, url, home, require: bool):
    """Command-line LanguageTool options over the config file's; a URL replaces a home and
    the other way round."""
    from dataclasses import replace

    lt = settings.languagetool
    if url:
        lt = replace(lt, url=url, home=None)
    if home is not None:
        lt = replace(lt, home=str(home), url=None)
    if require:
        lt = replace(lt, require=True)
    return replace(settings, languagetool=lt)


def render_statistics(report, output_format: "OutputFormat") -> str:
    """Counts per rule: a table, or with ``--format json`` a JSON list."""
    from collections import Counter

    counts = Counter((f.code, f.name) for f in report.findings)
    fixable = Counter(f.code for f in report.findings if f.fix is not None)
    rows = sorted(counts.items(), key=lambda x: (-x[1], x[0]))
    if output_format in (OutputFormat.json, OutputFormat.json_lines):
        import json

        data = [{"code": c, "name": n, "count": k, "fixable": fixable[c]} for (c, n), k in rows]
        if output_format is OutputFormat.json_lines:
            return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in data)
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if not rows:
        return ""
    width = max(len(n) for (_, n), _ in rows)
    lines = [f"{k:5d}  {c:<6}  {n:<{width}}  {'[*]' if fixable[c] else '   '}".rstrip() for (c, n), k in rows]
    total = sum(counts.values())
    lines.append(f"{total:5d}  findings in total")
    return "\n".join(lines) + "\n"


def _fix_or_diff(linter, paths: list[str], unsafe: bool, diff: bool):
    """--fix: write the fixes and return the report of what remains (exit code None: decided
    by the findings). --diff: print the diff, write nothing, and return the exit code."""
    from lintnews.fixes import fix_paths

    run = fix_paths(linter, paths, unsafe=unsafe, write=not diff)
    if run.stdin is not None and not diff:
        sys.stdout.buffer.write(run.stdin)
        sys.stdout.flush()
    if not diff:
        return run.report, run.warnings, None
    for w in run.warnings:
        typer.echo(f"lintnews: warning: {w}", err=True)
    for e in run.report.errors:
        typer.echo(f"lintnews: error: {e.path}: {e.message}", err=True)
    sys.stdout.write(run.diff())
    sys.stdout.flush()
    n = run.would_fix
    files = sum(1 for f in run.fixes if f.changed)
    from lintnews.fixes import applicable

    more = 0 if unsafe else sum(1 for f in run.report.findings if applicable(f, True)) - sum(
        1 for f in run.report.findings if applicable(f, False)
    )
    message = f"Would fix {n} finding{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}."
    if more:
        message += f" {more} more with --unsafe-fixes."
    typer.echo(message, err=True)
    if run.report.errors:
        return run.report, run.warnings, EXIT_ERROR
    return run.report, run.warnings, EXIT_FINDINGS if n else EXIT_OK


def exit_code(report, fail_on, exit_zero: bool = False) -> int:
    if report.errors:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if any(f.severity >= fail_on for f in report.findings) else EXIT_OK


@app.command("rules")
def list_rules(
    output_format: OutputFormat = typer.Option(OutputFormat.text, "--format", help="Output format."),
) -> None:
    """List every rule: code, name, family, fix safety and summary."""
    if output_format not in (OutputFormat.text, OutputFormat.json):
        raise _fail(f"`lintnews rules` prints text or json, not {output_format.value}", code=2)
    rules = _load_rules()
    if output_format is OutputFormat.json:
        import json

        rows = [
            {
                "code": r.meta.code, "name": r.meta.name, "family": r.meta.family, "kind": r.meta.kind,
                "severity": str(r.meta.severity), "fix": r.meta.fix.value, "pack": r.meta.pack,
                "source_language": r.meta.source_language, "enabled": r.enabled, "summary": r.meta.summary,
            }
            for r in rules
        ]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    width = max(len(r.meta.name) for r in rules)
    fam = max(len(r.meta.family) for r in rules)
    typer.echo(f"{'code':<6}  {'name':<{width}}  {'family':<{fam}}  {'fix':<6}  {'lang':<4}  summary")
    for r in rules:
        m = r.meta
        fix = m.fix.value if m.fix.value != "none" else "-"
        lang = m.source_language or "-"
        off = "" if r.enabled else " (off by default)"
        typer.echo(f"{m.code:<6}  {m.name:<{width}}  {m.family:<{fam}}  {fix:<6}  {lang:<4}  {m.summary}{off}")


@app.command()
def explain(code: str = typer.Argument(..., help="A rule code (QT002) or name (misoriented-quote).")) -> None:
    """Explain a rule: what it finds, why, its fix and its examples."""
    rules = _load_rules()
    match = [r for r in rules if r.meta.code == code.upper() or r.meta.name == code]
    if not match:
        raise _fail(f"no rule {code!r} (see `lintnews rules`)")
    typer.echo(render_explanation(match[0]))


def render_explanation(rule) -> str:
    m = rule.meta
    out = [f"{m.code} ({m.name})", "", m.summary, ""]
    if m.description:
        out += [m.description, ""]
    out.append(f"Family: {m.family}    Severity: {m.severity}    Kind: {m.kind}    Pack: {m.pack}")
    if m.source_language:
        out.append(f"Source language: {m.source_language}")
    if not rule.enabled:
        out.append("Off by default: enable it with --select " + m.code)
    if m.fix.value == "none":
        out.append("Fix: none (the rule reports but does not edit)")
    else:
        out.append(f"Fix: {m.fix.value}. {m.fix_rationale}")
    out.append(f"Message: {m.message}")
    if m.examples:
        out += ["", "Examples:"]
        for ex in m.examples:
            if ex.good:
                out.append(f"  good:  {ex.text!r}")
                continue
            shown, pos = [], 0
            for a, b in ex.marks:
                shown += [ex.text[pos:a], "[[", ex.text[a:b], "]]"]
                pos = b
            shown.append(ex.text[pos:])
            out.append(f"  bad:   {''.join(shown)!r}")
            if ex.fixed is not None:
                out.append(f"  fixed: {ex.fixed!r}")
    return "\n".join(out)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
