"""``kind: builtin``: a detector written in Python under :mod:`lintnews.checks`.

``check: module:Name`` names it (``quotes:Misoriented`` is ``lintnews.checks.quotes.Misoriented``);
``options`` are passed to its constructor as keyword arguments and may be overridden in config.
A document check has ``check(doc)``; a corpus check has ``observe``, ``merge``, ``decide`` and
``report``.
"""

from __future__ import annotations

import importlib
import re

FIELDS = {"check", "options"}
_TARGET = re.compile(r"^[a-z_][a-z0-9_]*:[A-Za-z_][A-Za-z0-9_]*$")


def resolve(target: str):
    module, _, name = target.partition(":")
    mod = importlib.import_module(f"lintnews.checks.{module}")
    return getattr(mod, name)


def build(meta, f):
    target = f.str("check")
    if not _TARGET.match(target):
        raise f.error("check", f"{target!r} must look like module:Name (a class in lintnews.checks)")
    try:
        cls = resolve(target)
    except (ImportError, AttributeError):
        raise f.error("check", f"no detector {target!r} in lintnews.checks") from None
    options = f.dict("options", {})
    try:
        return cls(**options)
    except TypeError as exc:
        raise f.error("options", f"not accepted by {target}: {exc}") from None
