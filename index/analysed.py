"""What the indexes read of each unit, computed once and kept between builds.

Segmenting every unit with jieba and glossing it in English is most of the time an index
build takes: 225 s for an archive's 146,537 units on 2 cores, most of it the glosses. Adding one gazette file to an archive should not pay that again, so both are kept
in a memo (the build's stage cache), in one slot per document (its id and the analysing
code), each slot holding its units' results under a key of what they depend on:

* the **words** (the keyword index's fields): the unit's strings and the user-dictionary terms that occur in them; the
  analyzer's segmenter keeps jieba's own total (:mod:`index.analysis`), so a text's words
  depend on the dictionary words in it and on nothing else of the dictionary;
* the **gloss** (English senses, stemmed) and the **reading** (a word-by-word English
  reading, embedded): the unit's context and words only (both are segmented with jieba's
  own dictionary).

A unit whose inputs changed misses and is analysed again; so does one that a new
dictionary term reaches, and nothing else. The result is the same as analysing everything
anew (tested).
"""

from __future__ import annotations

import hashlib
import pickle
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from parser.records import Document

from .units import Unit

__all__ = ["Analysed", "Counts", "Memo", "analyse", "corpus_terms"]

WORDS, GLOSSES, TERMS = "words", "glosses", "terms"  # the memo's names for its kinds of entries


@dataclass(frozen=True)
class Analysed:
    """One unit as the indexes read it: analyzer tokens joined by spaces (the keyword
    index's three fields), its English gloss as stemmed tokens joined by spaces, and its
    word-by-word English reading (:func:`index.glosses.reading`)."""

    title: str
    headings: str
    words: str
    gloss: str
    reading: str


class Memo(Protocol):
    """Where analyses are kept between builds (:class:`gazette.stages.StageCache`)."""

    def get_many(self, stage: str, keys: list[str]) -> dict[str, Any]: ...

    def put_many(self, stage: str, items: Iterable[tuple[str, Any]], version: str) -> None: ...

    def prune(self, stage: str, version: str) -> int: ...

    def summed(self, stage: str, version: str, parts: list[tuple[str, Callable[[], Counter[str]]]]) -> Counter[str]:
        ...


def headings(unit: Unit) -> str:
    return " ".join((*unit.path, unit.label))


def _strings(unit: Unit) -> str:
    return "\0".join((unit.title, headings(unit), unit.words, unit.text))


class _Finder:
    """The sorted distinct ``terms`` that occur in a text (Aho-Corasick: one pass over the
    text, whatever the number of terms)."""

    def __init__(self, terms: list[str]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        for term in terms:
            if term:
                self._automaton.add_word(term, term)
        self._empty = not len(self._automaton)
        if not self._empty:
            self._automaton.make_automaton()

    def __call__(self, text: str) -> str:
        return "" if self._empty else "\n".join(sorted({term for _, term in self._automaton.iter(text)}))


class _Analyzers:
    """jieba with the user dictionary, and the glosses' stemmer, loaded when first needed (a
    build whose units all come from the memo loads neither); ``progress`` is told once, when
    the first unit is analysed."""

    def __init__(self, user_dict: Path, progress: Callable[[str], None]) -> None:
        self.user_dict, self.progress = user_dict, progress
        self._chinese: Any = None
        self._english: Any = None
        self._seen: dict[str, str] = {}  # a document's title and headings recur in each of its units

    def _tokens(self, text: str) -> list[str]:
        if self._chinese is None:
            from .analysis import analyzer

            self.progress("analysing the words of the units that changed, for the indexes")
            self._chinese = analyzer(str(self.user_dict) if self.user_dict.exists() else None)
        return [t.text for t in self._chinese(text)]

    def _joined(self, text: str) -> str:
        if text not in self._seen:
            if len(self._seen) > 10_000:
                self._seen.clear()
            self._seen[text] = " ".join(self._tokens(text))
        return self._seen[text]

    def words(self, unit: Unit) -> tuple[str, str, str]:
        words = self._tokens(unit.words)
        return self._joined(unit.title), self._joined(headings(unit)), " ".join(words)

    def gloss(self, unit: Unit) -> tuple[str, str]:
        """The unit's stemmed gloss and its English reading."""
        from .glosses import gloss, reading

        if self._english is None:
            from whoosh.analysis import StemmingAnalyzer

            self._english = StemmingAnalyzer()
        text = unit.context + " " + unit.words
        return " ".join(t.text for t in self._english(gloss(text))), reading(text)


def _key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _pack(value: dict[str, Any]) -> bytes:
    return zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def _unpack(blob: bytes | None) -> dict[str, Any]:
    return pickle.loads(zlib.decompress(blob)) if blob is not None else {}


@dataclass(frozen=True)
class Counts:
    words: int  # units whose words were computed anew
    glosses: int  # and units glossed (and read) anew


def analyse(units: list[Unit], user_dict: Path, terms: list[str], memo: Memo | None = None, version: str = "",
            progress: Callable[[str], None] = lambda _: None) -> tuple[list[Analysed], Counts]:
    """Every unit analysed, in the order given, and how many were computed anew (the others
    came from ``memo``). ``terms`` are the words of ``user_dict``; ``version`` names the code
    that analyses (the caller hashes it: :func:`gazette.stages.code_version`)."""
    members: dict[str, list[int]] = {}
    for position, unit in enumerate(units):
        members.setdefault(unit.document, []).append(position)
    slots = [_key(version, document) for document in members]
    words_kept = memo.get_many(WORDS, slots) if memo is not None else {}
    glosses_kept = memo.get_many(GLOSSES, slots) if memo is not None else {}
    finder, analyzers = _Finder(terms), _Analyzers(user_dict, progress)
    analysed: list[Analysed | None] = [None] * len(units)
    changed_words: list[tuple[str, bytes]] = []
    changed_glosses: list[tuple[str, bytes]] = []
    computed_words = computed_glosses = 0
    for (document, positions), slot in zip(members.items(), slots):
        old_words, old_glosses = _unpack(words_kept.get(slot)), _unpack(glosses_kept.get(slot))
        new_words: dict[str, tuple[str, str, str]] = {}
        new_glosses: dict[str, tuple[str, str]] = {}
        for position in positions:
            unit = units[position]
            strings = _strings(unit)
            word_key, gloss_key = _key(strings, finder(strings)), _key(unit.context, unit.words)
            if word_key in old_words:
                new_words[word_key] = old_words[word_key]
            elif word_key not in new_words:
                new_words[word_key] = analyzers.words(unit)
                computed_words += 1
            if gloss_key in old_glosses:
                new_glosses[gloss_key] = old_glosses[gloss_key]
            elif gloss_key not in new_glosses:
                new_glosses[gloss_key] = analyzers.gloss(unit)
                computed_glosses += 1
            title, heads, words = new_words[word_key]
            analysed[position] = Analysed(title, heads, words, *new_glosses[gloss_key])
        if new_words.keys() != old_words.keys():
            changed_words.append((slot, _pack(new_words)))
        if new_glosses.keys() != old_glosses.keys():
            changed_glosses.append((slot, _pack(new_glosses)))
    if memo is not None:
        memo.put_many(WORDS, changed_words, version)
        memo.put_many(GLOSSES, changed_glosses, version)
        memo.prune(WORDS, version)
        memo.prune(GLOSSES, version)
    return analysed, Counts(computed_words, computed_glosses)  # type: ignore[return-value]


def corpus_terms(documents: Iterable[Document], memo: Memo | None = None, version: str = "") -> list[str]:
    """The legal terms of every provision's text (:func:`index.analysis.harvest_terms`), each
    document's counts kept in ``memo`` under its texts: adding a file counts that file's."""
    from .analysis import ranked_terms, term_counts

    documents = list(documents)
    if memo is None:
        return ranked_terms(term_counts(p.text for doc in documents for p in doc.provisions))
    return ranked_terms(memo.summed(TERMS, version, [
        (_key(version, doc.id, "\0".join(p.text for p in doc.provisions)),
         lambda doc=doc: term_counts(p.text for p in doc.provisions)) for doc in documents]))
