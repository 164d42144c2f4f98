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
    "html": "html",
}


def get(name: str) -> ModuleType:
    return importlib.import_module(f"lintnews.formatters.{FORMATS[name]}")
