"""Which language an English article was machine-translated from, with a confidence.

Whole-text language identification only says "English". The source shows in traces the
translation leaves, each weighed as evidence for one language:

- a Spanish agency dateline: ``Moscow, Jan 11 (EFE) .-`` (es, 1.5);
- agency credits: EFE and Europa Press (es), ČTK (cs), ANSA (it), Lusa (pt), dpa (de),
  Anadolu (tr); weaker for agencies English papers quote every day (TASS, Interfax: ru; AFP: fr);
- letters in names: a Russian name written with a Spanish stress accent (Grushkó: es, 1.0),
  Czech letters (ř ě ů: cs 0.8; š č ž: cs 0.5), ñ (es), ã õ (pt), ğ ş ı (tr), ß (de), ...;
  at most 1.0 per language, as English articles name foreign people too;
- untranslated function words (``Facebook Y Twitter, o en our newsletter``: es, 1.0 per run, at
  most 2.0), from :mod:`lintnews.checks.untranslated`;
- calques that only one language's pack knows (``Meter container``, from Spanish
  *contracontención*: 1.0 per calque, at most 3.0); a phrase that packs of two languages both
  flag is no evidence for either.

The language with the highest score is inferred when its score is at least ``THRESHOLD`` and
its confidence ``best / (best + second + 1)`` at least ``MIN_CONFIDENCE``. Below that the
language is ``None`` and the report still lists the evidence, so a clean English text has no
language or a low confidence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

from lintnews.kinds._literals import INDEX

THRESHOLD = 1.5
MIN_CONFIDENCE = 0.5
CAPS = {"name": 1.0, "untranslated": 2.0, "calque": 3.0, "agency": 1.5, "dateline": 1.5}

_DATELINE = re.compile(r"(?:\)|\b\w{2,})\s?\.-(?=\s)")
_AGENCIES = [
    (re.compile(r"\bEFE\b"), "es", 1.0, "EFE"),
    (re.compile(r"\bEuropa Press\b"), "es", 1.0, "Europa Press"),
    (re.compile(r"\b(?:ČTK|CTK)\b"), "cs", 1.0, "ČTK"),
    (re.compile(r"\bANSA\b"), "it", 1.0, "ANSA"),
    (re.compile(r"\bAdnkronos\b"), "it", 1.0, "Adnkronos"),
    (re.compile(r"\b(?:Agência )?Lusa\b"), "pt", 1.0, "Lusa"),
    (re.compile(r"\bdpa\b"), "de", 0.7, "dpa"),
    (re.compile(r"\bAnadolu\b"), "tr", 0.5, "Anadolu"),
    (re.compile(r"\b(?:TASS|Interfax|RIA Novosti|Sputnik)\b"), "ru", 0.3, "Russian agency"),
    (re.compile(r"\bAFP\b"), "fr", 0.3, "AFP"),
]
_AGENCY_NEEDS = [INDEX.guard(pattern) for pattern, *_ in _AGENCIES]
_CAPITALISED = re.compile(r"(?<![\w’'-])[A-ZÀ-ÖØ-ÞĀ-ſ][\w’'-]*\w")
# (letters, language, weight, what they show), first match wins per language for a word.
_LETTERS = [
    ("řěů", "cs", 0.8, "Czech letters"),
    ("šžč", "cs", 0.5, "Czech letters"),
    ("ñ", "es", 0.5, "Spanish letter"),
    ("ãõ", "pt", 0.5, "Portuguese letters"),
    ("ğşı", "tr", 0.6, "Turkish letters"),
    ("ß", "de", 0.5, "German letter"),
    ("äöü", "de", 0.3, "German letters"),
    ("łąęśźżń", "pl", 0.5, "Polish letters"),
    ("àèìòù", "it", 0.3, "Italian letters"),
    ("êâôîûœ", "fr", 0.3, "French letters"),
]
_ACUTE = set("áéíóú")
# Every letter a name can show evidence by (in lower case): a text whose lower-cased form has
# none of them has no name evidence, and its capitalised words need not be listed.
_MARKED = re.compile("[" + "".join(sorted(_ACUTE.union(*(letters for letters, *_ in _LETTERS)))) + "]")
_NON_SPANISH = re.compile(r"sh|kh|zh|ts[^aeiou]|ff|w")

LANGUAGE_NAMES = {
    "es": "Spanish", "fr": "French", "de": "German", "it": "Italian", "pt": "Portuguese",
    "cs": "Czech", "tr": "Turkish", "pl": "Polish", "ru": "Russian",
}  # fmt: skip


@dataclass(frozen=True)
class Evidence:
    language: str
    kind: str  # dateline, agency, name, untranslated, calque
    weight: float
    text: str


def gather(doc, packs: Iterable[Any] = ()) -> list[Evidence]:
    """Every trace of a source language in ``doc``."""
    out: list[Evidence] = []
    text = doc.text
    for para in doc.paragraphs if ".-" in text else ():
        m = _DATELINE.search(text, para.start, min(para.end, para.start + 160))
        if m:
            start = text.rfind("(", para.start, m.start()) if m.group().startswith(")") else -1
            shown = text[start if start >= 0 else m.start() : m.end()]
            out.append(Evidence("es", "dateline", 1.5, f"dateline '{shown}'"))
            break
    for (pattern, lang, weight, name), needs in zip(_AGENCIES, _AGENCY_NEEDS):
        if INDEX.allows(doc, needs) and pattern.search(text):
            out.append(Evidence(lang, "agency", weight, f"agency credit {name}"))
    if _MARKED.search(text.lower()):
        for word in dict.fromkeys(_CAPITALISED.findall(text)):  # each once, in order
            if not word.isascii():
                out.extend(_name_evidence(word))
    out.extend(_untranslated_evidence(doc))
    out.extend(_calque_evidence(doc, packs))
    return out


def _name_evidence(word: str) -> list[Evidence]:
    low = word.lower()
    found: dict[str, Evidence] = {}
    if _ACUTE & set(low):
        if _NON_SPANISH.search(low):
            found["es"] = Evidence("es", "name", 1.0, f"name '{word}' (a foreign name with a Spanish accent)")
        elif not set(low) & set("šžčřěůłąęśźżń"):
            found["es"] = Evidence("es", "name", 0.2, f"name '{word}' (Spanish accent)")
    for letters, lang, weight, what in _LETTERS:
        if lang not in found and set(letters) & set(low):
            found[lang] = Evidence(lang, "name", weight, f"name '{word}' ({what})")
    return list(found.values())


def _untranslated_evidence(doc) -> list[Evidence]:
    from lintnews.checks.untranslated import foreign_runs

    out = []
    for run in foreign_runs(doc):
        out.append(Evidence(run.language, "untranslated", 1.0, f"untranslated '{doc.text[run.start : run.end]}'"))
    return out


def _calque_evidence(doc, packs: Iterable[Any]) -> list[Evidence]:
    hits = []  # (start, end, language, code)
    for rule in packs:
        lang = rule.meta.source_language
        if not lang or rule.is_corpus:
            continue
        for hit in rule.checker.check(doc):
            hits.append((hit.start, hit.end, lang, rule.meta.code))
    out = []
    for start, end, lang, code in hits:
        shared = any(o_lang != lang and o_start < end and start < o_end for o_start, o_end, o_lang, _ in hits)
        if not shared:
            out.append(Evidence(lang, "calque", 1.0, f"calque '{doc.text[start:end]}' ({code})"))
    return out


def infer(doc, packs: Iterable[Any] = ()) -> dict[str, Any] | None:
    """``{"language", "confidence", "evidence", "scores"}``, or None without any evidence."""
    evidence = gather(doc, packs)
    if not evidence:
        return None
    scores: dict[str, float] = defaultdict(float)
    by_kind: dict[tuple[str, str], float] = defaultdict(float)
    for ev in evidence:
        key = (ev.language, ev.kind)
        room = CAPS[ev.kind] - by_kind[key]
        add = max(0.0, min(ev.weight, room))
        by_kind[key] += add
        scores[ev.language] += add
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best_lang, best = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = round(best / (best + second + 1.0), 2)
    inferred = best >= THRESHOLD and confidence >= MIN_CONFIDENCE
    ordered = sorted((ev for ev in evidence if ev.language == best_lang), key=lambda ev: (-ev.weight, ev.text))
    return {
        "language": best_lang if inferred else None,
        "confidence": confidence,
        "evidence": [ev.text for ev in ordered],
        "scores": {lang: round(score, 2) for lang, score in ranked},
    }


class SourceLanguage:
    """Analyser: infers the source language, sets ``doc.facts["source_language"]`` (the
    configured language when one is set, else the inferred one) and the JSON
    ``documents[].source_language``."""

    def __init__(self, configured: str = "auto", packs: Iterable[Any] = ()):
        self.configured = configured
        self.packs = [r for r in packs if r.meta.source_language]

    def __call__(self, doc, info) -> None:
        result = infer(doc, self.packs)
        info.source_language = result
        if self.configured not in ("auto", "all"):
            doc.facts["source_language"] = self.configured
        elif result and result["language"]:
            doc.facts["source_language"] = result["language"]
