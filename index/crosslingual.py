"""Cross-lingual query expansion: English words to the corpus's own Chinese terms.

The keyword index cannot match an English question against Chinese text. The encoder puts
both languages in one space, so each term of the corpus vocabulary (the legal terms
harvested for jieba, and the words of two to eight characters that stand in at least
three units but not in more than ``VOCABULARY_DF`` of them) is embedded once at build time;
an English query's nearest terms (cosine ≥ ``MIN_SIMILARITY``, at most ``TERMS``) then
form its keyword query. This is dictionary-free query translation in the manner of
Vulić & Moens (SIGIR 2015, "Monolingual and cross-lingual IR models based on bilingual
word embeddings"), with the dictionary drawn from the corpus itself.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import faiss
import numpy as np

from .analysed import VOCABULARY_WORD, Analysed
from .encoders import Encoder
from .units import Unit
from .vectors import EmbeddingCache

__all__ = ["build_term_vectors", "TermVectors", "TERMS", "MIN_SIMILARITY"]

TERMS = 5
MIN_SIMILARITY = 0.75
VOCABULARY_DF = 0.05  # share of the units; commoner words say little about any question


def vocabulary(units: Iterable[Unit], analysed: Iterable[Analysed], dictionary: list[str]) -> list[str]:
    """The dictionary's terms of two to six characters, and the words of that length found in
    at least three units in force and at most ``VOCABULARY_DF`` of them (``analysed[i]`` is
    ``units[i]`` as the analyzer reads it: :mod:`index.analysed`)."""
    df: Counter[str] = Counter()
    current = 0
    for unit, analysis in zip(units, analysed, strict=True):
        if unit.current:
            current += 1
            df.update(analysis.vocabulary)
    frequent = {t for t, n in df.items() if 3 <= n <= VOCABULARY_DF * current}
    return sorted({t for t in dictionary if VOCABULARY_WORD.fullmatch(t)} | frequent)


def build_term_vectors(folder: Path, units: list[Unit], analysed: list[Analysed], dictionary: list[str],
                       encoder: Encoder, cache: EmbeddingCache, batch: int = 64) -> int:
    terms = vocabulary(units, analysed, dictionary)
    keys = [EmbeddingCache.key(encoder.key, "term\0" + t) for t in terms]
    known = cache.get_many(keys)
    missing = [(k, t) for k, t in zip(keys, terms) if k not in known]
    for start in range(0, len(missing), batch):
        chunk = missing[start:start + batch]
        vectors = encoder.passages([t for _, t in chunk])
        cache.put_many([(k, v) for (k, _), v in zip(chunk, vectors)])
        known.update({k: v for (k, _), v in zip(chunk, vectors)})
    matrix = np.vstack([known[k] for k in keys]).astype(np.float32) if keys else np.zeros((0, encoder.dim))
    np.save(folder / "terms.npy", matrix)
    (folder / "terms.json").write_text(json.dumps({"encoder": encoder.key, "terms": terms}, ensure_ascii=False),
                                       encoding="utf-8")
    return len(missing)


class TermVectors:
    def __init__(self, folder: Path) -> None:
        meta = json.loads((folder / "terms.json").read_text(encoding="utf-8"))
        self.encoder_key: str = meta["encoder"]
        self.terms: list[str] = meta["terms"]
        matrix = np.ascontiguousarray(np.load(folder / "terms.npy"), dtype=np.float32)
        faiss.normalize_L2(matrix)
        # faiss (one OpenMP thread) rather than a numpy product: BLAS threads would fight
        # the encoder's OpenMP threads for the two cores
        self._index = faiss.IndexFlatIP(matrix.shape[1] if matrix.size else 1)
        if matrix.size:
            self._index.add(matrix)

    def nearest(self, vector: np.ndarray, limit: int = TERMS, minimum: float = MIN_SIMILARITY) -> list[str]:
        if not self.terms:
            return []
        query = np.asarray(vector, dtype=np.float32).reshape(1, -1).copy()
        faiss.normalize_L2(query)
        scores, rows = self._index.search(query, limit)
        return [self.terms[row] for score, row in zip(scores[0], rows[0]) if row >= 0 and score >= minimum]
