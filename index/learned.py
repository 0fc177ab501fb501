"""What questions say and what the articles that answer them say: learned from question–article pairs.

People ask 老公欠的钱我要还吗 where the law says 夫妻共同债务: the words differ. Two remedies
learned from pairs of a question and an article that answers it (STARD's train split):

* :class:`Associations`, a translation model for retrieval (Berger & Lafferty, 1999): for a
  question word w, the article words v that the answering articles hold, scored by
  ``p(v | w) = pairs(w, v) / pairs(w)`` times v's idf in the pool, so that a question is
  expanded with the words of the law it paraphrases; a pair counts once per (question,
  article), a word pair needs ``min_pairs`` of them.
* :func:`asked`: the questions an article answered, as words to add to its own (document
  expansion with real questions): an article asked about before is found by the words people
  use.
"""

from __future__ import annotations

import json
import math
import shutil
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .bm25 import BM25

__all__ = ["Associations", "asked", "content_words", "idf_of", "LearnedIndex", "LEARNED_DIR", "ASKED_TIMES",
           "PER_WORD", "EXPANSION_WEIGHT"]

LEARNED_DIR = "learned"
#: Chosen by 5-fold cross-validation on STARD's train split among 30 settings (2026-12-07):
#: the questions an article answered added once to its words; a question's each word
#: expanded by its 10 best associations, the best weighing 0.1 of a word of the question.
ASKED_TIMES, PER_WORD, EXPANSION_WEIGHT = 1, 10, 0.1


def content_words(tokens: Iterable[str]) -> list[str]:
    """Tokens that can carry meaning: two characters or more, not punctuation or digits alone."""
    return [t for t in tokens if len(t) > 1 and any("\u4e00" <= ch <= "\u9fff" or ch.isalpha() for ch in t)]


class Associations:
    def __init__(self, table: dict[str, list[tuple[str, float]]]) -> None:
        self.table = table

    @classmethod
    def learn(cls, pairs: Iterable[tuple[Sequence[str], Sequence[str]]], idf: dict[str, float],
              min_pairs: int = 2, top: int = 10) -> Associations:
        """``pairs``: (question words, article words); ``idf`` of the article words in the pool."""
        together: dict[str, Counter[str]] = defaultdict(Counter)
        alone: Counter[str] = Counter()
        for question, article in pairs:
            q, a = set(content_words(question)), set(content_words(article))
            alone.update(q)
            for w in q:
                together[w].update(a)
        table = {}
        for w, counts in together.items():
            scored = [(v, c / alone[w] * idf.get(v, 0.0)) for v, c in counts.items() if c >= min_pairs and v != w]
            scored.sort(key=lambda pair: (-pair[1], pair[0]))
            if scored:
                table[w] = scored[:top]
        return cls(table)

    def expand(self, question: Sequence[str], per_word: int = 5, weight: float = 0.2) -> dict[str, float]:
        """Article words for a question: each word's best ``per_word`` associations, their
        scores scaled so that a word's best gets ``weight``, summed over the question's words."""
        out: dict[str, float] = defaultdict(float)
        for w in dict.fromkeys(content_words(question)):
            row = self.table.get(w, [])[:per_word]
            if not row:
                continue
            best = row[0][1] or 1.0
            for v, score in row:
                out[v] += weight * score / best
        return dict(out)


def asked(pairs: Iterable[tuple[str, Sequence[str]]]) -> dict[str, list[str]]:
    """Article -> the words of the questions it answered (``pairs``: article, question words)."""
    out: dict[str, list[str]] = defaultdict(list)
    for article, question in pairs:
        out[article].extend(content_words(question))
    return dict(out)


def idf_of(documents: Iterable[Iterable[str]]) -> dict[str, float]:
    """log(N / df) of every word of ``documents``."""
    df: Counter[str] = Counter()
    n = 0
    for words in documents:
        n += 1
        df.update(set(words))
    return {w: math.log(n / c) for w, c in df.items()}


_TOKENIZER: Any = None
_TOKENIZER_LOCK = threading.Lock()


def tokens(text: str) -> list[str]:
    """jieba's accurate-mode words of ``text``, by its own dictionary only (the same for every
    build: what the units and the questions were segmented by when the settings were chosen)."""
    global _TOKENIZER
    with _TOKENIZER_LOCK:
        if _TOKENIZER is None:
            import jieba

            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _TOKENIZER = tokenizer
    return [t for t in _TOKENIZER.lcut(text) if t.strip()]


class LearnedIndex:
    """BM25 with the questions each unit answered, searched with the question expanded."""

    def __init__(self, folder: Path) -> None:
        self.bm25 = BM25.load(folder)
        meta = json.loads((folder / "learned.json").read_text(encoding="utf-8"))
        self.ids: list[str] = meta["units"]
        self.pairs: int = meta["pairs"]
        self.associations = Associations({w: [(v, s) for v, s in row] for w, row in meta["associations"].items()})

    @staticmethod
    def build(folder: Path, units: Sequence[tuple[str, str]], pairs: Sequence[tuple[str, str]],
              words: Sequence[list[str]] | None = None) -> int:
        """``units``: (id, text); ``pairs``: (unit id, a question it answered); ``words``: the
        units' :func:`tokens`, where the caller has them. Writes nothing (and removes what was
        there) when no pair names a unit of ``units``. Returns the pairs used."""
        shutil.rmtree(folder, ignore_errors=True)
        row = {unit: i for i, (unit, _) in enumerate(units)}
        used = sorted({(unit, question) for unit, question in pairs if unit in row})
        if not used:
            return 0
        words = [tokens(text) for _, text in units] if words is None else words
        questions = {question: tokens(question) for question in sorted({q for _, q in used})}
        answered = asked((unit, questions[q]) for unit, q in used)
        bm25 = BM25([w + answered.get(unit, []) * ASKED_TIMES for (unit, _), w in zip(units, words)])
        bm25.save(folder)
        model = Associations.learn(((questions[q], words[row[unit]]) for unit, q in used),
                                   idf_of(content_words(w) for w in words))
        table = {w: [[v, round(score, 6)] for v, score in model.table[w]] for w in sorted(model.table)}
        (folder / "learned.json").write_text(json.dumps(
            {"units": [unit for unit, _ in units], "pairs": len(used), "associations": table},
            ensure_ascii=False) + "\n", encoding="utf-8")
        return len(used)

    def search(self, question: str, limit: int) -> list[str]:
        """Unit ids, best first."""
        words = tokens(question)
        expansion = self.associations.expand(words, PER_WORD, EXPANSION_WEIGHT)
        return [self.ids[r] for r in self.bm25.top(words, limit, expansion)]
