"""LN001: suppression comments that suppressed nothing (the logic is in lintnews.suppressions)."""

from __future__ import annotations

from lintnews.suppressions import UnusedSuppression

__all__ = ["UnusedSuppression"]
