"""Value types shared by rules, the engine and the formatters. No I/O here."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Mapping


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls[str(value).upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (expected info, warning or error)") from None

    def __str__(self) -> str:
        return self.name.lower()


class Applicability(str, enum.Enum):
    """How safe a rule's fix is. ``none``: the rule never offers an edit."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    NONE = "none"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``text[offset:end_offset]`` by ``content``.

    Rules make edits in the coordinates of ``Document.text``; findings carry them in the
    coordinates of the decoded file (``Document.raw``), as the JSON output does.
    """

    offset: int
    end_offset: int
    content: str


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Hit:
    """What a rule reports: a span, values for the message template, candidates.

    ``edits`` is the mechanical repair when there is exactly one; the engine wraps it in a
    :class:`Fix` with the rule's applicability. ``related`` carries structured context
    (for example the other spellings of a name) into the JSON output.
    """

    start: int
    end: int
    params: Mapping[str, Any] = field(default_factory=dict)
    suggestions: tuple[str, ...] = ()
    edits: tuple[Edit, ...] | None = None
    related: tuple[Mapping[str, Any], ...] = ()


@dataclass(frozen=True)
class Example:
    """A rule's own test case. ``bad`` with ``marks`` (offset pairs) flagged; ``fixed`` after fixes."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()
    fixed: str | None = None
    good: bool = False


@dataclass(frozen=True)
class RuleMeta:
    code: str
    name: str
    kind: str
    family: str
    summary: str
    description: str
    message: str
    severity: Severity
    fix: Applicability
    fix_rationale: str = ""
    pack: str = "core"
    source_language: str | None = None
    path: str = ""
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True)
class Finding:
    path: str
    code: str
    name: str
    severity: Severity
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    offset: int
    end_offset: int
    suggestions: tuple[str, ...] = ()
    fix: Fix | None = None
    related: tuple[Mapping[str, Any], ...] = ()

    @property
    def sort_key(self) -> tuple:
        return (self.path, self.offset, self.code, self.end_offset, self.message)


@dataclass(frozen=True)
class Skipped:
    check: str
    reason: str


@dataclass(frozen=True)
class InputError:
    path: str
    message: str


@dataclass
class DocumentInfo:
    """What lintnews learned about one file. Later features add keys, never remove them."""

    path: str
    words: int
    metrics: dict[str, float] = field(default_factory=dict)
    source_language: dict[str, Any] | None = None


@dataclass
class Report:
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    documents: list[DocumentInfo] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    rules: dict[str, RuleMeta] = field(default_factory=dict)
    fixed: dict[str, int] = field(default_factory=dict)
    # path -> decoded text (Document.raw), filled only for formatters with NEEDS_SOURCE = True;
    # finding offsets are code-point offsets into it.
    sources: dict[str, str] = field(default_factory=dict)

    def sort(self) -> None:
        self.findings.sort(key=lambda f: f.sort_key)
        self.documents.sort(key=lambda d: d.path)
        self.errors.sort(key=lambda e: e.path)
