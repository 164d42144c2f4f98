"""A stand-in LanguageTool server on 127.0.0.1 speaking the ``/v2`` protocol, for tests.

It answers ``GET /v2/languages`` and ``POST /v2/check`` the way LanguageTool does (offsets and
lengths in UTF-16 units), records every request's parameters, and can be told to fail:
``mode = "500"`` (internal error), ``"426"`` (rate limited), ``"close"`` (drop the connection),
and ``fail_first = n`` (the next n checks answer 500, then it recovers).

Matches come from ``triggers``: a literal phrase, and what LanguageTool would say about it.
A trigger with ``mother_tongue`` fires only when the request carries that motherTongue (as
LanguageTool's false-friend rules do); one with ``picky`` only at level=picky; a trigger whose
rule id is in ``disabledRules`` does not fire.

Run it alone for manual trials: ``python tests/ltserver.py`` prints its URL.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "Spanish", "code": "es", "longCode": "es"},
    {"name": "Russian", "code": "ru", "longCode": "ru-RU"},
    {"name": "German", "code": "de", "longCode": "de"},
    {"name": "French", "code": "fr", "longCode": "fr"},
]


@dataclass
class Trigger:
    phrase: str
    rule_id: str
    message: str
    category: str = "GRAMMAR"
    issue_type: str = "grammar"
    replacements: list[str] = field(default_factory=list)
    mother_tongue: str | None = None
    picky: bool = False


DEFAULT_TRIGGERS = [
    Trigger("he have", "HE_VERB_AGR", "The pronoun ‘he’ is usually used with a third-person verb: ‘has’.", replacements=["he has"]),
    Trigger("a error", "EN_A_VS_AN", "Use ‘an’ instead of ‘a’ if the following word starts with a vowel sound.", "MISC", "misspelling", ["an error"]),
    Trigger("actually", "ACTUALLY_FALSE_FRIEND", "‘actually’ means ‘in fact’; did you mean ‘currently’?", "FALSE_FRIENDS", "misspelling", ["currently", "at present"], mother_tongue="es"),
    Trigger("withuot", "MORFOLOGIK_RULE_EN_US", "Possible spelling mistake found.", "TYPOS", "misspelling", ["without"]),
    Trigger(" ,", "COMMA_PARENTHESIS_WHITESPACE", "Don’t put a space before the comma.", "TYPOGRAPHY", "whitespace", [","]),
    Trigger(" ”", "EN_QUOTES_SPACE", "Remove the space before the closing quote.", "TYPOGRAPHY", "typographical", ["”"]),
    Trigger("in the near future", "IN_THE_NEAR_FUTURE", "This phrase is wordy.", "STYLE", "style", ["soon"], picky=True),
]


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class LTServer:
    """Start with ``with LTServer() as lt:``; ``lt.url`` is its base URL."""

    def __init__(self, triggers: list[Trigger] | None = None):
        self.triggers = list(DEFAULT_TRIGGERS if triggers is None else triggers)
        self.requests: list[dict[str, str]] = []  # parameters of each POST /v2/check
        self.language_requests = 0
        self.mode = "ok"
        self.fail_first = 0
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self) -> "LTServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def matches(self, params: dict[str, str]) -> list[dict]:
        text = params.get("text", "")
        disabled = set(filter(None, params.get("disabledRules", "").split(",")))
        picky = params.get("level") == "picky"
        mother = params.get("motherTongue")
        out = []
        for t in self.triggers:
            if t.rule_id in disabled or (t.picky and not picky):
                continue
            if t.mother_tongue and (mother or "").split("-")[0] != t.mother_tongue:
                continue
            start = text.find(t.phrase)
            while start != -1:
                offset, length = utf16(text[:start]), utf16(t.phrase)
                out.append({
                    "message": t.message,
                    "shortMessage": "",
                    "replacements": [{"value": r} for r in t.replacements],
                    "offset": offset,
                    "length": length,
                    "context": {"text": text[max(0, start - 20): start + len(t.phrase) + 20], "offset": min(start, 20), "length": length},
                    "sentence": text,
                    "type": {"typeName": "Other"},
                    "rule": {"id": t.rule_id, "description": t.message, "issueType": t.issue_type,
                             "category": {"id": t.category, "name": t.category.title()}},
                    "ignoreForIncompleteSentence": False,
                    "contextForSureMatch": 0,
                })
                start = text.find(t.phrase, start + 1)
        out.sort(key=lambda m: m["offset"])
        return out

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def _send(self, status: int, body: str, ctype: str = "application/json") -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", f"{ctype}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _fail(self) -> bool:
                mode = server.mode
                with server._lock:
                    if server.fail_first > 0:
                        server.fail_first -= 1
                        mode = "500"
                if mode == "close":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return True
                if mode == "500":
                    self._send(500, "Error: Internal Error: java.lang.RuntimeException: boom", "text/plain")
                    return True
                if mode == "426":
                    self._send(426, "Error: Too many requests. Upgrade required.", "text/plain")
                    return True
                return False

            def do_GET(self) -> None:
                path = urllib.parse.urlparse(self.path).path
                if path in ("/v2/languages", "/v2/healthcheck"):
                    if server.mode == "close":
                        self._fail()
                        return
                    server.language_requests += 1
                    self._send(200, json.dumps(LANGUAGES) if path.endswith("languages") else "OK")
                else:
                    self._send(404, "not found", "text/plain")

            def do_POST(self) -> None:
                path = urllib.parse.urlparse(self.path).path
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("utf-8")
                if path != "/v2/check":
                    self._send(404, "not found", "text/plain")
                    return
                params = {k: v[-1] for k, v in urllib.parse.parse_qs(body, keep_blank_values=True).items()}
                with server._lock:
                    server.requests.append(params)
                if self._fail():
                    return
                answer = {
                    "software": {"name": "LanguageTool", "version": "test", "apiVersion": 1},
                    "language": {"name": "English (US)", "code": params.get("language", "en-US")},
                    "matches": server.matches(params),
                }
                self._send(200, json.dumps(answer, ensure_ascii=False))

        return Handler


if __name__ == "__main__":  # pragma: no cover
    import time

    with LTServer() as lt:
        print(lt.url, flush=True)
        while True:
            time.sleep(3600)
