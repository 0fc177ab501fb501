"""Finding many names in a text at once: leftmost-longest, without overlaps.

A regular expression of the lexicon's names as one alternation (longest first) gives the
wanted matches, but Python's ``re`` tries every alternative at every position: its time
grows with text × names, and with the thousands of agency names of an archive the
extraction of 3,400 laws did not finish in a quarter of an hour. An Aho-Corasick automaton
(``pyahocorasick``) finds every occurrence of every name in one pass over the text; the
matches are then chosen as the alternation chooses them: from the left, at each position
the longest name, the next search starting after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import ahocorasick

__all__ = ["NameFinder"]


class NameFinder:
    """``finditer(text)`` yields (start, end, name) as ``re`` would for ``a|b|…`` with the
    names longest first."""

    def __init__(self, names: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        for name in names:
            if name:
                self._automaton.add_word(name, len(name))
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def occurrences(self, text: str) -> Iterator[tuple[int, int]]:
        """Every (start, length) of every name, overlapping ones too, in no set order."""
        if self._empty:
            return iter(())
        return ((end - length + 1, length) for end, length in self._automaton.iter(text))

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        position = 0
        for start, length in sorted(self.occurrences(text), key=lambda m: (m[0], -m[1])):
            if start >= position:
                position = start + length
                yield start, position, text[start:position]
