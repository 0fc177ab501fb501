"""Plain Okapi BM25 over tokens, in memory: the baseline the keyword engines are measured against.

``score(q, d) = Σ_t idf(t) · tf(t, d) · (k1 + 1) / (tf(t, d) + k1 · (1 − b + b · |d| / avgdl))``
with ``idf(t) = log(1 + (N − df + 0.5) / (df + 0.5))`` (Lucene's, never negative). The
weights of every (document, term) are computed once into a sparse matrix; a query sums the
columns of its terms (each as often as the query has it).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

from .idf import idf

__all__ = ["BM25"]


_ARRAYS = ("data", "indices", "indptr")



class BM25:
    def __init__(self, documents: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.vocabulary: dict[str, int] = {}
        rows, cols, counts = [], [], []
        lengths = np.zeros(len(documents), dtype=np.float64)
        for row, tokens in enumerate(documents):
            lengths[row] = len(tokens)
            tf: dict[int, int] = {}
            for token in tokens:
                column = self.vocabulary.setdefault(token, len(self.vocabulary))
                tf[column] = tf.get(column, 0) + 1
            rows.extend([row] * len(tf))
            cols.extend(tf)
            counts.extend(tf.values())
        shape = (len(documents), max(len(self.vocabulary), 1))
        tf_matrix = sparse.csc_matrix((np.asarray(counts, np.float64), (rows, cols)), shape=shape)
        df = np.diff(tf_matrix.indptr)
        n = len(documents)
        self.idf = idf(n, df)
        average = lengths.mean() if n else 0.0
        norm = k1 * (1.0 - b + b * lengths / average) if average else np.full(n, k1)
        weights = tf_matrix.tocoo()
        data = weights.data * (k1 + 1.0) / (weights.data + norm[weights.row]) * self.idf[weights.col]
        self._weights = sparse.csc_matrix((data, (weights.row, weights.col)), shape=shape)

    def save(self, folder: Path) -> None:
        """The weights as plain ``.npy`` arrays and the vocabulary as JSON (byte-identical for
        the same documents: no archive timestamps)."""
        folder.mkdir(parents=True, exist_ok=True)
        for name in _ARRAYS:
            np.save(folder / f"bm25.{name}.npy", getattr(self._weights, name), allow_pickle=False)
        words = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        (folder / "bm25.json").write_text(json.dumps({"shape": list(self._weights.shape), "vocabulary": words},
                                                     ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> BM25:
        meta = json.loads((folder / "bm25.json").read_text(encoding="utf-8"))
        index = cls.__new__(cls)
        index.vocabulary = {word: column for column, word in enumerate(meta["vocabulary"])}
        arrays = [np.load(folder / f"bm25.{name}.npy", allow_pickle=False) for name in _ARRAYS]
        index._weights = sparse.csc_matrix(tuple(arrays), shape=tuple(meta["shape"]))
        return index

    def scores(self, query: Sequence[str], weights: dict[str, float] | None = None) -> np.ndarray:
        """Each document's score for the query's tokens (each as often as it occurs), plus
        ``weights``: more terms, each with its weight (a query expanded)."""
        weight: dict[int, float] = {}
        for token in query:
            if token in self.vocabulary:
                column = self.vocabulary[token]
                weight[column] = weight.get(column, 0.0) + 1.0
        for token, extra in (weights or {}).items():
            if token in self.vocabulary:
                column = self.vocabulary[token]
                weight[column] = weight.get(column, 0.0) + extra
        if not weight:
            return np.zeros(self._weights.shape[0])
        columns = sorted(weight)  # only the query's columns are read: its terms' postings
        return np.asarray(self._weights[:, columns] @ np.array([weight[c] for c in columns])).ravel()

    def top(self, query: Sequence[str], k: int, weights: dict[str, float] | None = None) -> list[int]:
        """The rows of the ``k`` best documents, best first (ties by row)."""
        scores = self.scores(query, weights)
        k = min(k, len(scores))
        if k <= 0:
            return []
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[scores[best] > 0]
        return sorted(best.tolist(), key=lambda r: (-scores[r], r))
