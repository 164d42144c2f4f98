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
    html = "html"


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
    )
    from lintnews.packs import PackError

    try:
        linter = Linter.from_settings(settings)
    except PackError as exc:
        raise _fail(f"rule pack: {exc}") from None
    except SelectionError as exc:
        raise _fail(str(exc)) from None
    linter.keep_sources = getattr(get_formatter(output_format.value), "NEEDS_SOURCE", False)
    report, warnings = linter.lint_paths(paths or ["."])
    for w in warnings:
        typer.echo(f"lintnews: warning: {w}", err=True)
    for e in report.errors:
        typer.echo(f"lintnews: error: {e.path}: {e.message}", err=True)

    output = get_formatter(output_format.value).render(report)
    if output_file is not None:
        from lintnews.fileio import atomic_write_text

        try:
            atomic_write_text(output_file, output)
        except OSError as exc:
            raise _fail(f"{output_file}: cannot write the report: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(output)
        sys.stdout.flush()
    raise typer.Exit(exit_code(report, settings.fail_on, exit_zero))


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
