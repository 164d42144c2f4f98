"""Analysers fill a document's ``DocumentInfo`` (the JSON ``documents`` entry) and its
``facts`` before rules run: readability metrics, the inferred source language.

An analyser is a callable ``(doc, info, settings) -> None``; ``default_analysers(settings)``
returns the ones a run uses, in order (facts that rules depend on first).
"""

from __future__ import annotations

from typing import Callable, Sequence

from lintnews.config import Settings
from lintnews.document import Document
from lintnews.model import DocumentInfo

Analyser = Callable[[Document, DocumentInfo], None]


def readability(doc: Document, info: DocumentInfo) -> None:
    """textstat scores (``flesch_reading_ease``, ``grade_level``, ...) into ``info.metrics``."""
    from lintnews.checks.readability import metrics

    info.metrics.update(metrics(doc))


def default_analysers(settings: Settings, packs: Sequence = ()) -> list[Analyser]:
    """``packs``: the loaded rules of language packs (``source_language`` set), selected or not;
    their calques are evidence for the source language."""
    from lintnews.checks.language import SourceLanguage

    # The source language first: rules read its fact.
    return [SourceLanguage(settings.source_language, packs), readability]
