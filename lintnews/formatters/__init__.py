"""Output formats. Each module has ``render(report) -> str``; formatters never run rules.

A module that needs the documents' text (to show source lines) sets ``NEEDS_SOURCE = True``
and reads ``report.sources``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

FORMATS = {
    "text": "text",
    "json": "json_format",
    "full": "full",
    "grouped": "grouped",
    "json-lines": "json_lines",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
    "checkstyle": "checkstyle",
    "markdown": "markdown",
    "html": "html",
}


def get(name: str) -> ModuleType:
    return importlib.import_module(f"lintnews.formatters.{FORMATS[name]}")


def needs_source(name: str) -> bool:
    return bool(getattr(get(name), "NEEDS_SOURCE", False))
