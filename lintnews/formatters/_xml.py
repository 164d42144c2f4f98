"""Helpers for the XML formats: text that XML 1.0 can carry, and a stable serialisation."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

# Characters XML 1.0 forbids even as character references.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(s: str) -> str:
    """``s`` with every character XML cannot hold written as ``\\xNN`` / ``\\uNNNN``."""
    return _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", s)


def element(tag: str, attrib: dict | None = None, text: str | None = None) -> ET.Element:
    el = ET.Element(tag, {k: clean(str(v)) for k, v in (attrib or {}).items()})
    if text is not None:
        el.text = clean(text)
    return el


def serialise(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
