"""A reviewed glossary of government and legal terms, read both ways.

``index/data/glossary.tsv`` maps Chinese terms of government documents that CC-CEDICT lacks
or glosses too narrowly (门前三包, 业主大会, 施行) to the English a reader would use for
them ("front-of-door responsibility", "owners' general meeting", "take effect"); its header
says how the terms were chosen. It serves cross-language search in three ways:

* on the documents' side, the renderings of the terms found in a text are added to its
  English gloss (:mod:`index.glosses`), so that an English question meets them there;
* on the question's side, the terms whose rendering stands in an English question (the
  same words in the same order, stemmed, stop words left out) are the Chinese words it is
  searched by in the keyword index (``expansion`` in a search's JSON);
* and where a rendering of two or more words that names one term only stands in it, the
  question with the term in its place ("who signs the 门前三包 agreement") is the one
  embedded to search the Chinese texts (:meth:`Glossary.substituted`): the model places
  a Chinese term nearer the Chinese texts that use it than any English for it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

__all__ = ["Glossary", "GlossaryError", "GLOSSARY", "SENSE_TABLE", "glossary", "senses", "stems"]

GLOSSARY = Path(str(files("index") / "data" / "glossary.tsv"))
SENSE_TABLE = Path(str(files("index") / "data" / "senses.tsv"))


_WORD = re.compile(r"\w+")


class GlossaryError(ValueError):
    """A line of a glossary that is not ``term<TAB>english; english``; names file and line."""


_STEMMER_LOCK = threading.Lock()


@cache
def _stemmer() -> Any:
    from whoosh.analysis import StemmingAnalyzer

    return StemmingAnalyzer()


def stems(text: str) -> tuple[str, ...]:
    """The stemmed English words of ``text``, stop words left out, punctuation read as space:
    how the gloss index reads a question, and the glossary a question and its renderings
    (whoosh's stemming analyzer, one call at a time)."""
    with _STEMMER_LOCK:
        return tuple(t.text for t in _stemmer()(re.sub(r"[^\w\s]", " ", text)))


class Glossary:
    """Chinese term -> its English renderings, with both lookups prepared once."""

    def __init__(self, renderings: dict[str, tuple[str, ...]]) -> None:
        self.renderings = renderings
        terms = sorted(renderings, key=lambda t: (-len(t), t))
        self._terms = re.compile("|".join(map(re.escape, terms))) if terms else re.compile(r"(?!)")
        self._by_stems: dict[tuple[str, ...], list[str]] | None = None  # built by the first question
        self._longest = 0  # words in the longest rendering
        self._lock = threading.Lock()

    @classmethod
    def read(cls, path: Path) -> Glossary:
        """The glossary of ``path``: UTF-8, one ``term<TAB>english; english`` a line, ``#``
        lines and blank lines ignored."""
        renderings: dict[str, tuple[str, ...]] = {}
        for number, line, term, tab, english in _lines(path):
            senses = tuple(s.strip() for s in english.split(";") if s.strip())
            if not tab or not term.strip() or not senses:
                raise GlossaryError(f"{path}:{number}: expected a Chinese term, a tab and English "
                                    f"renderings separated by ';', not {line!r}")
            if term in renderings:
                raise GlossaryError(f"{path}:{number}: {term} is glossed twice")
            renderings[term] = senses
        return cls(renderings)

    def english(self, text: str) -> list[str]:
        """The renderings of the terms in a Chinese text, once per occurrence (the longest
        term at each place: 选聘物业服务企业, not also 物业服务企业)."""
        return [sense for term in self._terms.findall(text) for sense in self.renderings[term]]

    def spans(self, text: str) -> list[tuple[str, int, int]]:
        """(term, start, end) of each term in a Chinese text, as :meth:`english` finds them."""
        return [(m.group(), m.start(), m.end()) for m in self._terms.finditer(text)]

    def terms(self, question: str) -> list[str]:
        """The Chinese terms whose English rendering stands in ``question``, in its order."""
        by_stems = self._stem_index()
        words = stems(question)
        found: list[str] = []
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + self._longest) + 1):
                found.extend(t for t in by_stems.get(words[start:end], ()) if t not in found)
        return found

    def substituted(self, question: str) -> str:
        """``question`` with each rendering of two or more words that names one term only
        replaced by that term ("who signs the front-of-door responsibility agreement" →
        "who signs the 门前三包 agreement"), the longest first, left to right; the question
        as it was where none stands in it. A rendering of one word ("fund", "building") or
        one shared by several terms ("city departments") is left in English: replaced, it
        would as often name the wrong term."""
        by_stems = self._stem_index()
        # each run of word characters is one word of stems() (or none: a stop word)
        words = [(match, stem[0]) for match in _WORD.finditer(question) if (stem := stems(match.group()))]
        spans: list[tuple[int, int, str]] = []
        start = 0
        while start < len(words):
            for end in range(min(len(words), start + self._longest), start + 1, -1):
                found = by_stems.get(tuple(stem for _, stem in words[start:end]), [])
                if len(found) == 1:
                    spans.append((words[start][0].start(), words[end - 1][0].end(), found[0]))
                    start = end
                    break
            else:
                start += 1
        for begin, end, term in reversed(spans):
            question = question[:begin] + term + question[end:]
        return question

    def _stem_index(self) -> dict[tuple[str, ...], list[str]]:
        with self._lock:
            if self._by_stems is None:
                by_stems: dict[tuple[str, ...], list[str]] = {}
                for term, senses in self.renderings.items():
                    for sense in senses:
                        words = stems(sense)
                        if words and term not in by_stems.setdefault(words, []):
                            by_stems[words].append(term)
                self._longest = max(map(len, by_stems), default=0)
                self._by_stems = by_stems
            return self._by_stems


def _lines(path: Path) -> Iterator[tuple[int, str, str, str, str]]:
    """(line number, line, first column, tab, the rest) of each line of a UTF-8 table file
    that is neither blank nor a ``#`` comment; a file in another encoding is an error."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise GlossaryError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            yield (number, line, *line.partition("\t"))


@cache
def glossary(path: Path = GLOSSARY) -> Glossary:
    """The project's glossary (or another file's), read once."""
    return Glossary.read(path)


@cache
def senses(path: Path = SENSE_TABLE) -> dict[str, str]:
    """The reviewed sense of each listed word in official texts (``index/data/senses.tsv``),
    for the word-by-word reading of a text: word -> English, "" for a word read as nothing
    (its header says how the words were chosen). UTF-8, ``word<TAB>english`` a line; a line
    without a tab, or a word listed twice, is an error naming file and line."""
    table: dict[str, str] = {}
    for number, line, word, tab, english in _lines(path):
        if not tab or not word.strip() or word != word.strip():
            raise GlossaryError(f"{path}:{number}: expected a Chinese word, a tab and its English "
                                f"(empty: read as nothing), not {line!r}")
        if word in table:
            raise GlossaryError(f"{path}:{number}: {word} is listed twice")
        table[word] = english.strip()
    return table
