"""Find the files to lint and read them, turning every kind of bad input into a message."""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator
from lintnews.document import Document
from lintnews.model import InputError

BINARY_SNIFF = 8192


@dataclass(frozen=True)
class Discovery:
    paths: list[str]
    errors: list[InputError]
    warnings: list[str]


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def discover(targets: list[str], include: tuple[str, ...], exclude: tuple[str, ...]) -> Discovery:
    """Expand directories (recursively, sorted) into the files ``include`` selects.

    Files named on the command line are always linted; ``exclude`` prunes what a directory
    walk finds. Hidden directories (``.git``, ``.venv``) are not entered."""
    paths: list[str] = []
    errors: list[InputError] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for target in targets:
        if target == "-":
            paths.append("-")
            continue
        p = Path(target)
        if p.is_dir():
            found = []
            for root, dirs, files in os.walk(p):
                rel_root = Path(root).relative_to(p).as_posix()
                dirs[:] = sorted(
                    d for d in dirs
                    if not d.startswith(".") and not _matches(f"{rel_root}/{d}".lstrip("./"), exclude)
                )
                for name in sorted(files):
                    rel = f"{rel_root}/{name}" if rel_root != "." else name
                    if _matches(rel, include) and not _matches(rel, exclude):
                        found.append(os.path.join(root, name))
            if not found:
                warnings.append(f"{target}: no files matching {', '.join(include)} in this directory")
            for f in found:
                if f not in seen:
                    seen.add(f)
                    paths.append(f)
        elif p.exists() or p.is_symlink():
            if target not in seen:
                seen.add(target)
                paths.append(target)
        else:
            errors.append(InputError(target, "no such file or directory"))
    return Discovery(paths, errors, warnings)


def decode(path: str, data: bytes) -> Document | InputError:
    if b"\x00" in data[:BINARY_SNIFF]:
        return InputError(path, "looks like a binary file (it contains NUL bytes); not linted")
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return InputError(
            path,
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} (line {line}); "
            "convert the file to UTF-8",
        )
    return Document(path, text, bom=bom)


def read(path: str) -> Document | InputError:
    """Read one input; ``-`` is standard input."""
    data = read_bytes(path)
    if isinstance(data, InputError):
        return data
    return decode(path, data)


def read_bytes(path: str) -> bytes | InputError:
    """The bytes of one input; ``-`` is standard input."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as fh:
                data = fh.read()
    except IsADirectoryError:
        return InputError(path, "is a directory")
    except PermissionError:
        return InputError(path, "permission denied")
    except OSError as exc:
        return InputError(path, f"cannot be read: {exc.strerror or exc}")
    return data


@dataclass(frozen=True)
class JsonlFormat:
    text_field: str = "text"
    id_field: str | None = "id"


def iter_jsonl(path: str, fmt: JsonlFormat) -> Iterator[Document | InputError]:
    """Stream a JSON Lines corpus: one document per record, named ``path#id`` (or
    ``path#LINE`` without an id field). A bad record is an error naming file and line; the
    other records are still linted."""
    try:
        fh = sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as exc:
        yield InputError(path, f"cannot be read: {exc.strerror or exc}")
        return
    with fh:
        for lineno, line in enumerate(fh, 1):
            item = jsonl_record(path, lineno, line, fmt)
            if item is not None:
                yield item


def jsonl_record(path: str, lineno: int, line: bytes, fmt: JsonlFormat) -> Document | InputError | None:
    """One line of a JSON Lines corpus as a document (``None`` for a blank line)."""
    import json

    if not line.strip():
        return None
    where = f"{path}:{lineno}"
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return InputError(where, f"not a JSON record: {exc}")
    if not isinstance(record, dict) or not isinstance(record.get(fmt.text_field), str):
        return InputError(where, f"record has no string field '{fmt.text_field}'")
    rid = record.get(fmt.id_field) if fmt.id_field else None
    name = f"{path}#{rid if rid is not None else lineno}"
    return Document(name, record[fmt.text_field], record_id=None if rid is None else str(rid))
