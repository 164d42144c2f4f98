"""LanguageTool through language-tool-python: one client per run, shared by the GR rules.

lintnews never downloads LanguageTool and never sends text anywhere the user did not name:
the client talks to ``languagetool.url`` (a running server) or starts the unpacked
``LanguageTool-X.Y`` folder given as ``languagetool.home``. Without either, or when the server
cannot be reached, the grammar check is reported as skipped with the reason.

A document is sent in chunks cut at line (paragraph) boundaries below ``max-request-chars``
UTF-16 units, LanguageTool's own unit; match offsets come back in UTF-16 units and are mapped to
code points of ``Document.text``. Answers are cached per run by text and settings.
language_tool_python is imported only when a document is first checked.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from lintnews.config import LanguageToolSettings
from lintnews.model import Skipped

CHECK = "grammar"
NOT_CONFIGURED = (
    "no LanguageTool server configured (give --languagetool-url, LINTNEWS_LANGUAGETOOL_URL, "
    "--languagetool-home or [tool.lintnews.languagetool] url)"
)


@dataclass(frozen=True)
class LTMatch:
    """One LanguageTool match in code points of the checked text."""

    start: int
    end: int
    rule_id: str
    message: str
    category: str
    issue_type: str
    replacements: tuple[str, ...] = ()


class Unavailable(Exception):
    """LanguageTool cannot be used for the rest of the run; the message says why."""


class _RequestFailed(Exception):
    """One request failed after its retries; other documents may still be checked."""


def utf16_len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def utf16_to_cp(text: str, unit: int) -> int:
    """Code-point offset in ``text`` of the UTF-16 offset ``unit`` (clamped to the text)."""
    if unit <= 0:
        return 0
    seen = 0
    for i, ch in enumerate(text):
        if seen >= unit:
            return i
        seen += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def chunks(text: str, limit: int) -> list[tuple[int, int]]:
    """``(start, end)`` spans covering ``text``, cut after a line break where possible, each at
    most ``limit`` UTF-16 units. A longer line is cut after a sentence end, else at a space."""
    units: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer(r"[^\n]*\n|[^\n]+$", text):
        units.extend(_cut_long(text, m.start(), m.end(), limit))
        pos = m.end()
    if pos < len(text):
        units.append((pos, len(text)))
    out: list[tuple[int, int]] = []
    for start, end in units:
        if out and utf16_len(text[out[-1][0] : end]) <= limit:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _cut_long(text: str, start: int, end: int, limit: int):
    while utf16_len(text[start:end]) > limit:
        window = text[start : start + limit // 2 * 2]
        while utf16_len(window) > limit:
            window = window[:-1]
        cut = max((m.end() for m in re.finditer(r"[.!?…][\"”’')\]]*\s+", window)), default=0)
        if cut == 0:
            cut = window.rfind(" ") + 1
        if cut <= 0:
            cut = len(window)
        yield start, start + cut
        start += cut
    if end > start:
        yield start, end


def _language_code(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("language")
    return value if isinstance(value, str) and value else None


class LanguageToolService:
    """The LanguageTool client of one run, its cache and what went wrong."""

    def __init__(self, settings: LanguageToolSettings):
        self.settings = settings
        self._tool: Any = None
        self._languages: set[str] = set()
        self._dead: str | None = None if settings.configured else NOT_CONFIGURED
        self._failed: dict[str, str] = {}
        self._unchecked: list[str] = []
        self._cache: dict[tuple, list[LTMatch]] = {}
        self.requests = 0

    # -- what the report says ------------------------------------------------------------------

    def skipped(self) -> list[Skipped]:
        out = []
        if self._dead:
            reason = self._dead
            if self._unchecked and self.settings.configured:
                n = len(self._unchecked)
                reason += f" ({n} file{'s' if n != 1 else ''} not checked for grammar)"
            out.append(Skipped(CHECK, reason))
        for path, reason in sorted(self._failed.items()):
            out.append(Skipped(CHECK, f"{path}: {reason}"))
        return out

    # -- matches ---------------------------------------------------------------------------------

    def matches(self, doc) -> list[LTMatch]:
        """LanguageTool's matches on ``doc.text`` (memoised in ``doc.facts``)."""
        cached = doc.facts.get("_languagetool")
        if cached is None:
            cached = doc.facts["_languagetool"] = self._matches(doc)
        return cached

    def _matches(self, doc) -> list[LTMatch]:
        if self._dead:
            self._unchecked.append(doc.path)
            return []
        try:
            if self._tool is None:
                self._tool = self._connect()
            mother = self._mother_tongue(doc)
            found: list[LTMatch] = []
            for start, end in chunks(doc.text, self.settings.max_request_chars):
                piece = doc.text[start:end]
                if not piece.strip():
                    continue
                for m in self._check_cached(piece, mother):
                    found.append(LTMatch(m.start + start, m.end + start, m.rule_id, m.message,
                                         m.category, m.issue_type, m.replacements))
            return found
        except Unavailable as exc:
            self._dead = str(exc)
            self._unchecked.append(doc.path)
            return []
        except _RequestFailed as exc:
            self._failed[doc.path] = str(exc)
            return []

    def request_key(self, text: str, mother_tongue: str | None) -> tuple:
        """What an answer depends on: the text and every setting sent with it."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return (digest, mother_tongue, astuple(self.settings))

    def _check_cached(self, text: str, mother: str | None) -> list[LTMatch]:
        key = self.request_key(text, mother)
        if key not in self._cache:
            self._cache[key] = self._check(text, mother)
        return self._cache[key]

    def _mother_tongue(self, doc) -> str | None:
        wanted = self.settings.mother_tongue
        if wanted == "none":
            return None
        code = _language_code(doc.facts.get("source_language")) if wanted == "auto" else wanted
        if code is None or code.lower().split("-")[0] == "en":
            return None
        known = {c.lower() for c in self._languages if c}
        return code if code.lower() in known or code.lower().split("-")[0] in known else None

    def _check(self, text: str, mother: str | None) -> list[LTMatch]:
        from language_tool_python import exceptions as ltp_errors

        rate_limited = getattr(ltp_errors, "RateLimitError", ())
        tool = self._tool
        tool.mother_tongue = mother
        last = "no answer"
        for attempt in range(self.settings.retries + 1):
            if attempt:
                time.sleep(min(0.1 * 2 ** (attempt - 1), 2.0))
            self.requests += 1
            try:
                raw = tool.check(text)
            except rate_limited:
                raise Unavailable(f"LanguageTool at {self._where()} refused the request with HTTP 426 "
                                  "(rate limit or client upgrade required)") from None
            except ltp_errors.LanguageToolError as exc:
                if _is_network_error(exc):
                    raise Unavailable(f"LanguageTool at {self._where()} stopped answering: {_cause(exc)}") from None
                last = "LanguageTool answered with an error: " + _first_line(str(exc))
                continue
            except (KeyError, TypeError, ValueError) as exc:
                last = f"LanguageTool gave an unexpected answer ({type(exc).__name__}: {_first_line(str(exc))})"
                continue
            return [_convert(m, text) for m in raw]
        raise _RequestFailed(f"{last} (after {self.settings.retries + 1} attempts)")

    # -- connecting ------------------------------------------------------------------------------

    def _where(self) -> str:
        return self.settings.url or f"{self.settings.home} (local)"

    def _connect(self):
        s = self.settings
        try:
            import language_tool_python as ltp
        except ImportError:
            raise Unavailable("language-tool-python is not installed (pip install language-tool-python)") from None
        client = _client_class(ltp.LanguageTool, s.timeout)
        try:
            if s.url:
                tool = client(s.language, remote_server=s.url)
            else:
                version = self._prepare_home()
                tool = client(s.language, language_tool_download_version=version)
        except Unavailable:
            raise
        except ValueError as exc:
            raise Unavailable(f"LanguageTool at {self._where()}: {exc}") from None
        except Exception as exc:  # the client raises many kinds; all mean "cannot use it"
            if _is_network_error(exc):
                raise Unavailable(f"LanguageTool at {self._where()} is not reachable: {_cause(exc)}") from None
            raise Unavailable(f"LanguageTool at {self._where()} could not be used: {_first_line(str(exc)) or type(exc).__name__}") from None
        tool.picky = s.picky
        tool.disabled_rules = set(s.disabled_rules)
        tool.enabled_rules = set(s.enabled_rules)
        tool.disabled_categories = set(s.disabled_categories)
        try:
            self._languages = set(tool._get_languages())
        except Exception:
            self._languages = set()
        return tool

    def _prepare_home(self) -> str:
        """Check the unpacked LanguageTool (never download one) and point the client at it."""
        s = self.settings
        home = Path(s.home).expanduser()
        if not home.is_dir():
            raise Unavailable(f"LanguageTool home {home} is not a directory")
        named = re.fullmatch(r"LanguageTool-(\d+\.\d+)", home.name)
        if named:
            parent, version = home.parent, named.group(1)
        else:
            found = sorted(p.name[len("LanguageTool-"):] for p in home.glob("LanguageTool-*") if p.is_dir())
            if s.version:
                version = s.version
            elif len(found) == 1:
                version = found[0]
            elif not found:
                raise Unavailable(f"LanguageTool home {home} holds no LanguageTool-X.Y folder")
            else:
                raise Unavailable(f"LanguageTool home {home} holds several versions ({', '.join(found)}): set languagetool.version")
            parent = home
        if s.version and s.version != version:
            raise Unavailable(f"LanguageTool home {home} is version {version}, not the configured {s.version}")
        if not re.fullmatch(r"\d+\.\d+", version):
            raise Unavailable(f"LanguageTool version {version!r} is not like 6.4")
        folder = parent / f"LanguageTool-{version}"
        if not any((folder / jar).is_file() for jar in ("languagetool-server.jar", "languagetool.jar")):
            raise Unavailable(f"{folder} holds no languagetool-server.jar (lintnews does not download LanguageTool)")
        if shutil.which("java") is None:
            raise Unavailable("java is not installed, so the LanguageTool in --languagetool-home cannot start")
        # language-tool-python finds installs under $LTP_PATH; with the version installed there
        # it starts that server and downloads nothing.
        os.environ["LTP_PATH"] = str(parent)
        return version


def _client_class(base, timeout: float):
    class Client(base):
        """language-tool-python's client with lintnews's timeout, trying few ports."""

        _TIMEOUT = timeout

        def _start_server_on_free_port(self) -> None:
            self._available_ports = self._available_ports[:2]
            super()._start_server_on_free_port()

    return Client


def _convert(m, text: str) -> LTMatch:
    """language-tool-python has mapped the match's start to code points; map its end too."""
    start = max(0, min(int(m.offset), len(text)))
    start_units = utf16_len(text[:start])
    end = utf16_to_cp(text, start_units + int(m.error_length))
    return LTMatch(
        start=start,
        end=max(start, end),
        rule_id=str(m.rule_id),
        message=str(m.message),
        category=str(m.category),
        issue_type=str(getattr(m, "rule_issue_type", "") or ""),
        replacements=tuple(str(r) for r in m.replacements),
    )


def _is_network_error(exc: BaseException) -> bool:
    try:
        import requests
    except ImportError:  # pragma: no cover
        return False
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _cause(exc: BaseException) -> str:
    import requests

    inner = exc
    while inner is not None and not isinstance(inner, (requests.ConnectionError, requests.Timeout)):
        inner = inner.__cause__ or inner.__context__
    if isinstance(inner, requests.Timeout):
        return "timed out"
    text = str(inner or exc)
    if "Connection refused" in text:
        return "connection refused"
    if "RemoteDisconnected" in text or "Connection aborted" in text:
        return "connection closed without an answer"
    return _first_line(text)


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line[:200]
