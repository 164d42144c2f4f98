"""Settings: defaults, then the config file, then the command line.

The config file is the nearest ``lintnews.toml`` (top-level keys) or ``pyproject.toml`` with a
``[tool.lintnews]`` table, found by walking up from the working directory. Keys are kebab-case;
an unknown key is an error that names the file and the key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from lintnews.model import Severity


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class LanguageToolSettings:
    """Where LanguageTool is and how to ask it (the ``[tool.lintnews.languagetool]`` table).

    ``url`` names a running server; ``home`` an unpacked ``LanguageTool-X.Y`` folder (or the
    folder holding one) that language-tool-python starts. Neither set: grammar is skipped.
    ``mother_tongue`` ``auto`` passes the inferred source language; ``none`` passes nothing.
    """

    url: str | None = None
    home: str | None = None
    version: str | None = None
    language: str = "en-US"
    mother_tongue: str = "auto"
    picky: bool = False
    enabled_rules: tuple[str, ...] = ()
    disabled_rules: tuple[str, ...] = ()
    disabled_categories: tuple[str, ...] = ()
    timeout: float = 30.0
    retries: int = 2
    max_request_chars: int = 15000
    require: bool = False

    @property
    def configured(self) -> bool:
        return bool(self.url or self.home)


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    include: tuple[str, ...] = ("*.txt", "*.md")
    exclude: tuple[str, ...] = ()
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    source_language: str = "auto"
    fail_on: Severity = Severity.INFO
    languagetool: LanguageToolSettings = field(default_factory=LanguageToolSettings)
    config_path: str | None = None
    # Preferred name spellings (NM001/NM002); files read for name statistics, not reported.
    names_file: str | None = None
    context: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def with_cli(self, **overrides: Any) -> "Settings":
        """Apply command-line values; ``None`` means "not given"."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def _str_list(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"'{key}' must be a list of strings")
    return tuple(value)


def _severity_table(key: str, value: Any) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise ConfigError(f"'{key}' must be a table of code = severity")
    out = {}
    for code, sev in value.items():
        try:
            out[str(code)] = Severity.parse(sev)
        except ValueError as exc:
            raise ConfigError(f"'{key}.{code}': {exc}") from None
    return out


def _options_table(key: str, value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ConfigError(f"'{key}' must be a table of tables: [{key}.CODE] option = value")
    return {str(k): {o.replace("-", "_"): x for o, x in v.items()} for k, v in value.items()}


def _language(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"'{key}' must be a language code such as \"es\", or \"auto\"")
    return value


def _parse_severity(key: str, value: Any) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise ConfigError(f"'{key}': {exc}") from None


def _path(key: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ConfigError(f"'{key}' must be a file path")
    return value


def _per_file_ignores(key: str, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ConfigError(f"'{key}' must be a table of \"glob\" = [codes]")
    return tuple((str(glob), _str_list(f"{key}.{glob}", codes)) for glob, codes in value.items())


def _languagetool_table(key: str, value: Any) -> LanguageToolSettings:
    if not isinstance(value, dict):
        raise ConfigError(f"'{key}' must be a table ([tool.lintnews.{key}])")
    values: dict[str, Any] = {}
    for name, item in value.items():
        attr = name.replace("-", "_")
        where = f"'{key}.{name}'"
        if name in ("url", "home", "version", "language", "mother-tongue"):
            if not isinstance(item, str) or not item:
                raise ConfigError(f"{where} must be a non-empty string")
        elif name in ("picky", "require"):
            if not isinstance(item, bool):
                raise ConfigError(f"{where} must be true or false")
        elif name in ("enabled-rules", "disabled-rules", "disabled-categories"):
            item = _str_list(f"{key}.{name}", item)
        elif name in ("timeout", "retries", "max-request-chars"):
            if isinstance(item, bool) or not isinstance(item, (int, float)) or item <= (0 if name != "retries" else -1):
                raise ConfigError(f"{where} must be a positive number")
            if name != "timeout" and not isinstance(item, int):
                raise ConfigError(f"{where} must be a whole number")
        else:
            known = ", ".join(f.name.replace("_", "-") for f in fields(LanguageToolSettings))
            raise ConfigError(f"unknown key '{key}.{name}' (known keys: {known})")
        values[attr] = item
    return LanguageToolSettings(**values)


# key in the file -> (Settings field, parser)
KEYS = {
    "select": ("select", _str_list),
    "ignore": ("ignore", _str_list),
    "severity": ("severity", _severity_table),
    "include": ("include", _str_list),
    "exclude": ("exclude", _str_list),
    "options": ("options", _options_table),
    "source-language": ("source_language", _language),
    "fail-on": ("fail_on", _parse_severity),
    "names-file": ("names_file", _path),
    "context": ("context", _str_list),
    "per-file-ignores": ("per_file_ignores", _per_file_ignores),
    "languagetool": ("languagetool", _languagetool_table),
}


def find_config(start: Path | None = None) -> tuple[Path, dict] | None:
    """The nearest config file above ``start`` and its lintnews table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "lintnews.toml"
        if own.is_file():
            return own, _read_toml(own)
        project = folder / "pyproject.toml"
        if project.is_file():
            table = _read_toml(project).get("tool", {}).get("lintnews")
            if table is not None:
                return project, table
    return None


def _read_toml(path: Path) -> dict:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read: {exc.strerror}") from None


def parse_table(table: dict, origin: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if not isinstance(table, dict):
        raise ConfigError(f"{origin}: the lintnews configuration must be a table")
    for key, value in table.items():
        if key not in KEYS:
            known = ", ".join(sorted(KEYS))
            raise ConfigError(f"{origin}: unknown key '{key}' (known keys: {known})")
        name, parse = KEYS[key]
        try:
            values[name] = parse(key, value)
        except ConfigError as exc:
            raise ConfigError(f"{origin}: {exc}") from None
    return values


def load_settings(config: Path | None = None, isolated: bool = False) -> Settings:
    """Settings from ``config`` if given, else from the nearest config file, else defaults."""
    if isolated:
        return Settings()
    if config is not None:
        if not config.is_file():
            raise ConfigError(f"{config}: config file not found")
        data = _read_toml(config)
        table = data if config.name != "pyproject.toml" else data.get("tool", {}).get("lintnews", {})
        found: tuple[Path, dict] | None = (config, table)
    else:
        found = find_config()
    if found is None:
        return Settings()
    path, table = found
    values = parse_table(table, str(path))
    # Paths in a config file are relative to the file's folder.
    if values.get("names_file"):
        values["names_file"] = str(path.parent / values["names_file"])
    if values.get("context"):
        values["context"] = tuple(str(path.parent / c) for c in values["context"])
    return Settings(**values, config_path=str(path))


SETTING_NAMES = {f.name for f in fields(Settings)}
