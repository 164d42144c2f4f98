"""Load and validate rule packs: ``rules/<pack>/*.yaml``, one rule per file.

Files under a ``data/`` folder of a pack are data that rules read (style-guide spellings,
word lists), not rules.

Every error names the file and the field, so a broken pack is a one-line fix for its author.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from lintnews import kinds
from lintnews.model import Applicability, Example, RuleMeta, Severity


def load_yaml(text: str) -> Any:
    """Parse YAML safely, with libyaml when PyYAML was built with it (several times faster).
    PyYAML is imported on the first parse: with the files already parsed in the user's cache
    (:func:`load_yaml_cached`), a run does not import it (about 15 ms)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_yaml_cached(source: str) -> Any:
    """``load_yaml(source)``, parsed once and then read back from the user's cache folder
    (:mod:`lintnews.datacache`; keyed by the text and the installed PyYAML), which is several
    times faster than parsing YAML in every short pre-commit run."""
    from lintnews.datacache import cached_table, package_version

    return cached_table("yaml", f"{package_version('yaml')}\0{source}", lambda: {"data": load_yaml(source)})["data"]


def is_yaml_error(exc: BaseException) -> bool:
    """Whether ``exc`` is PyYAML's parse error (PyYAML is imported when anything was parsed)."""
    import sys

    yaml = sys.modules.get("yaml")
    return yaml is not None and isinstance(exc, yaml.YAMLError)


CODE_RE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
MARK_RE = re.compile(r"<marker>(.*?)</marker>", re.S)

COMMON_FIELDS = {
    "code", "name", "kind", "family", "summary", "description", "message", "severity", "fix",
    "fix_rationale", "source_language", "examples", "enabled",
}  # fmt: skip


class PackError(Exception):
    """A rule file is malformed. ``str()`` names the file and the field."""

    def __init__(self, path: str | Path, field: str | None, problem: str):
        self.path = str(path)
        self.field = field
        self.problem = problem
        where = f"{self.path}: field '{field}'" if field else self.path
        super().__init__(f"{where}: {problem}")


@dataclass
class Rule:
    """A loaded rule: metadata plus the object that finds hits.

    ``checker`` is either a document check (``check(doc) -> Iterable[Hit]``) or a corpus check
    with ``observe``/``merge``/``decide``/``report`` (see :mod:`lintnews.engine`).
    ``enabled`` is False for rules that run only when selected explicitly.
    """

    meta: RuleMeta
    checker: Any
    enabled: bool = True
    digest: str = ""  # of the rule file and its option overrides: part of the cache key

    @property
    def is_corpus(self) -> bool:
        return hasattr(self.checker, "observe")


def default_rules_dir() -> Path:
    """The packs inside the installed package, or ``rules/`` beside it in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    if installed.is_dir():
        return installed
    return here.parent / "rules"


def load_rules(dirs: Iterable[Path] | None = None, options: dict[str, dict] | None = None) -> list[Rule]:
    """Load every ``*.yaml`` under each directory; codes and names must be unique.

    ``options`` maps a rule code to option values that override the rule file's ``options``
    (from the ``[tool.lintnews.options.CODE]`` config tables)."""
    options = dict(options or {})
    rules: list[Rule] = []
    seen_codes: dict[str, str] = {}
    seen_names: dict[str, str] = {}
    for base in dirs or [default_rules_dir()]:
        base = Path(base)
        if not base.is_dir():
            raise PackError(base, None, "rule directory does not exist")
        for path in sorted(base.rglob("*.yaml")):
            if "data" in path.relative_to(base).parts[:-1]:
                continue  # rules/<pack>/data/ holds data files that rules read, not rules
            pack = path.parent.name if path.parent != base else "core"
            rule = load_rule_file(path, pack=pack, options=options)
            code, name = rule.meta.code, rule.meta.name
            if code in seen_codes:
                raise PackError(path, "code", f"{code} is also defined in {seen_codes[code]}")
            if name in seen_names:
                raise PackError(path, "name", f"{name!r} is also used by {seen_names[name]}")
            seen_codes[code] = str(path)
            seen_names[name] = str(path)
            rules.append(rule)
    unknown = set(options) - set(seen_codes)
    if unknown:
        raise PackError("configuration", f"options.{sorted(unknown)[0]}", "no rule has this code")
    rules.sort(key=lambda r: r.meta.code)
    return rules


def load_rule_file(path: Path, pack: str = "core", options: dict[str, dict] | None = None) -> Rule:
    try:
        source = path.read_text(encoding="utf-8")
        data = load_yaml_cached(source)
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(path, None, f"cannot be read: {exc}") from None
    except Exception as exc:
        if not is_yaml_error(exc):
            raise
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise PackError(path, None, f"not valid YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise PackError(path, None, "a rule file must be a mapping of fields")
    override = (options or {}).get(data.get("code"))
    if override:
        if data.get("kind") != "builtin":
            raise PackError("configuration", f"options.{data.get('code')}", "this rule takes no options")
        data["options"] = {**(data.get("options") or {}), **override}
    rule = build_rule(data, path, pack)
    rule.digest = hashlib.sha256(f"{source}\0{sorted((override or {}).items())!r}".encode()).hexdigest()
    return rule


def build_rule(data: dict, path: Path | str, pack: str = "core") -> Rule:
    f = FieldReader(data, path)
    kind_name = f.str("kind")
    kind = kinds.get(kind_name)
    if kind is None:
        raise PackError(path, "kind", f"unknown kind {kind_name!r} (expected one of {', '.join(kinds.NAMES)})")
    unknown = set(data) - COMMON_FIELDS - set(kind.FIELDS)
    if unknown:
        raise PackError(path, sorted(unknown)[0], "unknown field")
    code = f.str("code")
    if not CODE_RE.match(code):
        raise PackError(path, "code", f"{code!r} is not a code like QT001 (1-4 capitals, 3 digits)")
    name = f.str("name")
    if not NAME_RE.match(name):
        raise PackError(path, "name", f"{name!r} must be lower-case words joined by hyphens")
    try:
        severity = Severity.parse(f.str("severity", "warning"))
    except ValueError as exc:
        raise PackError(path, "severity", str(exc)) from None
    fix_value = f.str("fix", "none")
    try:
        fix = Applicability(fix_value)
    except ValueError:
        raise PackError(path, "fix", f"{fix_value!r} is not one of safe, unsafe, none") from None
    rationale = f.str("fix_rationale", "")
    if fix is not Applicability.NONE and not rationale.strip():
        raise PackError(path, "fix_rationale", "a rule that fixes must say why the fix is safe or unsafe")
    meta = RuleMeta(
        code=code,
        name=name,
        kind=kind_name,
        family=f.str("family"),
        summary=f.str("summary"),
        description=f.str("description", "").strip(),
        message=f.str("message"),
        severity=severity,
        fix=fix,
        fix_rationale=rationale.strip(),
        pack=pack,
        source_language=f.str("source_language", None),
        path=str(path),
        examples=tuple(_examples(data.get("examples", []), path)),
    )
    checker = kind.build(meta, f)
    return Rule(meta=meta, checker=checker, enabled=bool(data.get("enabled", True)))


class FieldReader:
    """Typed access to a rule file's fields, raising :class:`PackError` with the field's name."""

    _MISSING = object()

    def __init__(self, data: dict, path: Path | str):
        self.data = data
        self.path = path

    def error(self, field: str, problem: str) -> PackError:
        return PackError(self.path, field, problem)

    def get(self, field: str, typ: type | tuple, default: Any = _MISSING, what: str = "") -> Any:
        if field not in self.data or self.data[field] is None:
            if default is self._MISSING:
                raise self.error(field, "is required")
            return default
        value = self.data[field]
        if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
            raise self.error(field, f"must be {what or getattr(typ, '__name__', typ)}, not {type(value).__name__}")
        return value

    def str(self, field: str, default: Any = _MISSING) -> Any:
        return self.get(field, str, default, "a string")

    def bool(self, field: str, default: bool = False) -> bool:
        return self.get(field, bool, default, "true or false")

    def list(self, field: str, default: Any = _MISSING) -> list:
        return self.get(field, list, default, "a list")

    def dict(self, field: str, default: Any = _MISSING) -> dict:
        return self.get(field, dict, default, "a mapping")

    def regex(self, field: str, pattern: str, flags: int = 0) -> re.Pattern:
        try:
            return re.compile(pattern, flags)
        except re.error as exc:
            raise self.error(field, f"pattern {pattern!r} does not compile: {exc}") from None


def parse_marked(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Strip ``<marker>…</marker>`` from an example and return the text and the marked spans."""
    marks = []
    out = []
    pos = 0
    for m in MARK_RE.finditer(text):
        out.append(text[pos : m.start()])
        start = sum(len(p) for p in out)
        out.append(m.group(1))
        marks.append((start, start + len(m.group(1))))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), tuple(marks)


def _examples(raw: Any, path: Path | str) -> Iterable[Example]:
    if not isinstance(raw, list):
        raise PackError(path, "examples", "must be a list of {bad, fixed} or {good} entries")
    for i, item in enumerate(raw):
        field = f"examples[{i}]"
        if not isinstance(item, dict) or not ({"bad", "good"} & set(item)):
            raise PackError(path, field, "must be a mapping with 'bad' (and optional 'fixed') or 'good'")
        extra = set(item) - {"bad", "fixed", "good"}
        if extra:
            raise PackError(path, f"{field}.{sorted(extra)[0]}", "unknown field")
        if "good" in item:
            if not isinstance(item["good"], str):
                raise PackError(path, f"{field}.good", "must be a string")
            yield Example(text=item["good"], good=True)
            continue
        bad = item["bad"]
        if not isinstance(bad, str):
            raise PackError(path, f"{field}.bad", "must be a string")
        text, marks = parse_marked(bad)
        if not marks:
            raise PackError(path, f"{field}.bad", "must mark the flagged span with <marker>…</marker>")
        fixed = item.get("fixed")
        if fixed is not None and not isinstance(fixed, str):
            raise PackError(path, f"{field}.fixed", "must be a string")
        yield Example(text=text, marks=marks, fixed=fixed)


CheckFactory = Callable[[RuleMeta, FieldReader], Any]
