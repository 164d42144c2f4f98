"""A literal prefilter for regexes: which patterns can possibly match a document.

A calque pack holds dozens of patterns and most articles contain none of their phrases. Running
every pattern over every article costs a full regex scan each. Instead, each pattern is reduced
to what any match of it must contain: a conjunction of *clauses*, each a set of strings of which
at least one occurs in the matched text. ``(?:take|took) of (?:conscience|consciousness)`` needs
one of ``take of conscience``, ``took of consciousness``, ... (the finite expansions); a phrase
with ``\\s+`` between its words needs each word of three letters or more.

One Aho-Corasick automaton (pyahocorasick) over every clause string of every registered pattern
finds, in a single pass over a document's folded text, the strings present; a pattern is run
only when each of its clauses has a string among them. The reduction only ever drops
requirements it cannot prove, so a pattern whose match is possible is always run; a pattern
that yields no clause is always run.

Texts and strings are folded the same way: ``casefold``, the combining dot of a folded ``İ``
removed, the curly apostrophe made straight, so that case-insensitive and case-sensitive
patterns are both filtered on one folded text (the filter is a necessary condition only).
"""

from __future__ import annotations

import hashlib
import operator
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

# The standard library's own regex parser (Python 3.11+; ``sre_parse`` before): the reduction
# reads the same tree ``re.compile`` builds.
from re import _constants as _c
from re import _parser as _p

MIN_LENGTH = 3  # shorter strings (of, to, a) are in every article: no filter at all
MAX_EXPANSION = 64  # finite expansions kept per clause
MAX_CLASS = 8  # character classes up to this size are expanded ([sz], ['’])

Clauses = tuple[frozenset[str], ...]


def fold(text: str) -> str:
    """The folded form the prefilter compares: case-folded, apostrophes unified."""
    return text.casefold().replace("\u0307", "").replace("’", "'")


def requirements(pattern: str, flags: int = 0) -> Clauses:
    """The clauses any match of ``pattern`` satisfies; empty when nothing can be proved (the
    pattern must then always run)."""
    try:
        parsed = _p.parse(pattern, flags)
    except Exception:  # an invalid pattern is reported by the rule loader, not here
        return ()
    exact, clauses = _sequence(list(parsed))
    if exact is not None:
        clauses.append(exact)
    usable = {c for c in (_usable(c) for c in clauses) if c}
    return tuple(sorted(usable, key=lambda c: (min(map(len, c)) * -1, sorted(c))))


_SOURCE_DIGEST = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def checked_requirements(patterns: list[str], flags: int, validate: Callable[[], Any]) -> list[Clauses]:
    """:func:`requirements` of each pattern, after ``validate()`` accepted them (it raises
    on a pattern that does not compile). Both are remembered on disk
    (:mod:`lintnews.datacache`) for this exact list of patterns, so that a new process loading
    unchanged rule packs compiles nothing but the patterns an article calls for."""
    from lintnews.datacache import cached_table

    def build() -> dict[int, Clauses]:
        validate()
        return {i: requirements(p, flags) for i, p in enumerate(patterns)}

    # The key holds this module's own source: a change to the reduction invalidates it.
    key = "\0".join([_SOURCE_DIGEST, sys.version.split()[0], str(flags), *patterns])
    table = cached_table("patterns", key, build)
    return [table[i] for i in range(len(patterns))]


def _usable(clause: frozenset[str] | set[str]) -> frozenset[str] | None:
    if not clause or len(clause) > MAX_EXPANSION:
        return None
    if any(len(s.strip()) < MIN_LENGTH for s in clause):
        return None
    # A string holding another of the clause adds nothing ("agência lusa" beside "lusa").
    return frozenset(s for s in clause if not any(t != s and t in s for t in clause))


def _sequence(items: list) -> tuple[set[str] | None, list]:
    """``(exact, clauses)`` for a concatenation: ``exact`` is the set of every string the
    sequence can match when that set is small and known, else None."""
    clauses: list = []
    current: set[str] = {""}
    exact_whole = True
    for op, av in items:
        exact, inner = _node(op, av)
        clauses.extend(inner)
        if exact is not None and len(current) * len(exact) <= MAX_EXPANSION:
            current = {a + b for a in current for b in exact}
            continue
        exact_whole = False
        clauses.append(current)
        current = set(exact) if exact is not None else {""}
    if exact_whole:
        return current, clauses
    clauses.append(current)
    return None, clauses


def _best(exact: set[str] | None, clauses: list, fewest: bool = False) -> frozenset[str] | None:
    """The most selective usable clause of an alternative (its exact set counts): the one
    whose shortest string is longest, or with ``fewest``, the one of fewest strings."""
    found = [c for c in (_usable(c) for c in clauses + ([exact] if exact is not None else [])) if c]
    if not found:
        return None
    if fewest:
        return min(found, key=lambda c: (len(c), -min(len(s) for s in c)))
    return max(found, key=lambda c: (min(len(s) for s in c), -len(c)))


def _node(op, av) -> tuple[set[str] | None, list]:
    if op is _c.LITERAL:
        return {fold(chr(av))}, []
    if op is _c.IN:
        chars: set[str] = set()
        for item_op, item_av in av:
            if item_op is _c.LITERAL:
                chars.add(fold(chr(item_av)))
            elif item_op is _c.RANGE and item_av[1] - item_av[0] < MAX_CLASS:
                chars.update(fold(chr(c)) for c in range(item_av[0], item_av[1] + 1))
            else:
                return None, []
        return (chars if len(chars) <= MAX_CLASS else None), []
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return {""}, []  # zero width: requires nothing, adds nothing
    if op is _c.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(list(av))
    if op is _c.BRANCH:
        results = [_sequence(list(alt)) for alt in av[1]]
        if all(exact is not None for exact, _ in results):
            union = set().union(*(exact for exact, _ in results))
            if len(union) <= MAX_EXPANSION:
                return union, []
        best = [_best(exact, clauses) for exact, clauses in results]
        if not all(best):
            return None, []
        union = set().union(*best)
        if len(union) > MAX_EXPANSION:
            # Too many strings to be one clause: the fewest strings of each alternative instead.
            union = set().union(*(_best(exact, clauses, fewest=True) for exact, clauses in results))
        return None, [union]
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, high, sub = av
        exact, clauses = _sequence(list(sub))
        if low == 0:
            if high == 1 and exact is not None:
                return exact | {""}, []
            return None, []
        if low == high == 1:
            return exact, clauses
        if exact is not None:
            clauses = clauses + [exact]
        return None, clauses
    return None, []  # any character, categories, back-references: unknown


class LiteralIndex:
    """Every registered pattern's clause strings in one automaton; per document, the strings
    present (memoised in ``doc.facts``)."""

    def __init__(self) -> None:
        self._strings: set[str] = set()
        self._automaton = None
        self._version = 0

    def register(self, clauses: Iterable[frozenset[str]]) -> None:
        new = {s for clause in clauses for s in clause} - self._strings
        if new:
            self._strings |= new
            self._automaton = None
            self._version += 1

    def guard(self, pattern) -> Clauses:
        """Register a compiled pattern; returns its clauses for :meth:`allows`."""
        clauses = requirements(pattern.pattern, pattern.flags)
        self.register(clauses)
        return clauses

    def allows(self, doc, clauses: Clauses) -> bool:
        """Whether a pattern with these clauses can match ``doc`` (True when it has none)."""
        return not clauses or satisfied(clauses, self.present(doc))

    def present(self, doc) -> frozenset[str]:
        key = ("_literals", self._version)
        found = doc.facts.get(key)
        if found is None:
            found = doc.facts[key] = self._search(folded(doc))
        return found

    def _search(self, text: str) -> frozenset[str]:
        if not self._strings:
            return frozenset()
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for s in self._strings:
                automaton.add_word(s, s)
            automaton.make_automaton()
            self._automaton = automaton
        return frozenset(map(_VALUE, self._automaton.iter(text)))


_VALUE = operator.itemgetter(1)  # of the automaton's (end, value) matches


def folded(doc) -> str:
    text = doc.facts.get("_folded")
    if text is None:
        text = doc.facts["_folded"] = fold(doc.text)
    return text


def satisfied(clauses: Clauses, present: frozenset[str]) -> bool:
    return all(not clause.isdisjoint(present) for clause in clauses)


# One index for every substitution rule of the process: one pass per document, not one per pack.
INDEX = LiteralIndex()
