"""Grammar, spelling, false friends, punctuation and style from LanguageTool (GR rules).

Every GR rule reads the same LanguageTool answer for a document (one client per run, one
request per chunk, shared through :mod:`lintnews.languagetool`) and keeps the matches of its
group. A match belongs to exactly one group, decided from LanguageTool's category and issue
type, so no match is reported twice. A rule's ``rules`` option narrows it to LanguageTool rule
ids (``fnmatch`` patterns such as ``EN_A_VS_AN`` or ``*_AGREEMENT*``).

The check runs only when LanguageTool is configured; otherwise, or when it cannot be reached,
``skipped()`` says why and the other rules run as usual.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Iterable

from lintnews.model import Edit, Hit, Skipped

GROUPS = ("grammar", "spelling", "false-friend", "punctuation", "style")

_FALSE_FRIEND = {"FALSE_FRIENDS"}
_SPELLING = {"TYPOS"}
_PUNCTUATION = {"PUNCTUATION", "TYPOGRAPHY"}
_STYLE = {
    "STYLE", "REDUNDANCY", "PLAIN_ENGLISH", "REPETITIONS_STYLE", "TEXT_ANALYSIS", "WIKIPEDIA",
    "GENDER_NEUTRALITY", "AMERICAN_ENGLISH_STYLE", "BRITISH_ENGLISH", "CREATIVE_WRITING",
}  # fmt: skip


def group_of(category: str, issue_type: str = "") -> str:
    """The GR group of a LanguageTool match, from its category id. (The issue type is no
    guide: LanguageTool files ``a error`` under MISC with issue type ``misspelling``.)"""
    category = (category or "").upper()
    if category in _FALSE_FRIEND:
        return "false-friend"
    if category in _SPELLING:
        return "spelling"
    if category in _PUNCTUATION:
        return "punctuation"
    if category in _STYLE:
        return "style"
    return "grammar"


class LanguageToolMatches:
    """LanguageTool's matches of one group as hits.

    Options: ``group`` (one of :data:`GROUPS`), ``rules`` (LanguageTool rule ids to keep, as
    fnmatch patterns; empty keeps all), ``defers_to`` (code prefixes of lintnews rules whose
    overlapping findings replace this rule's), ``max_suggestions``.
    """

    def __init__(self, group: str = "grammar", rules: Iterable[str] = (), defers_to: Iterable[str] = (), max_suggestions: int = 5):
        if group not in GROUPS:
            raise TypeError(f"group must be one of {', '.join(GROUPS)}, not {group!r}")
        if isinstance(rules, str) or isinstance(defers_to, str):
            raise TypeError("rules and defers_to must be lists")
        self.group = group
        self.rules = tuple(rules)
        self.defers_to = tuple(defers_to)
        self.max_suggestions = int(max_suggestions)
        self.service = None

    def configure(self, settings, shared: dict) -> None:
        """Called once per run with the settings; the GR rules share one LanguageTool client."""
        from dataclasses import replace

        from lintnews.languagetool import LanguageToolService

        lt = settings.languagetool
        if lt.mother_tongue == "auto" and settings.source_language not in ("auto", "all"):
            lt = replace(lt, mother_tongue=settings.source_language)  # --source-language es
        service = shared.get("languagetool")
        if service is None or service.settings != lt:
            service = shared["languagetool"] = LanguageToolService(lt)
        self.service = service

    def skipped(self) -> list[Skipped]:
        if self.service is None:
            from lintnews.languagetool import CHECK, NOT_CONFIGURED

            return [Skipped(CHECK, NOT_CONFIGURED)]
        return self.service.skipped()

    def check(self, doc) -> Iterable[Hit]:
        if self.service is None:
            return
        for m in self.service.matches(doc):
            if group_of(m.category, m.issue_type) != self.group:
                continue
            if self.rules and not any(fnmatchcase(m.rule_id, p) for p in self.rules):
                continue
            replacements = m.replacements
            edits = (Edit(m.start, m.end, replacements[0]),) if len(replacements) == 1 else None
            yield Hit(
                m.start,
                m.end,
                params={
                    "lt_message": m.message.strip(),
                    "lt_rule": m.rule_id,
                    "lt_category": m.category,
                    "lt_issue_type": m.issue_type,
                },
                suggestions=replacements[: self.max_suggestions],
                edits=edits,
                related=({"languagetool_rule": m.rule_id, "category": m.category, "issue_type": m.issue_type},),
            )
