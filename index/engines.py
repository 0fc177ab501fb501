"""What the search engine asks of a keyword index and of a vector index.

The engine (:mod:`queries.search`) is written against these protocols, not against whoosh,
tantivy, faiss or Milvus: :class:`index.keyword.KeywordIndex` (whoosh),
:class:`index.tantivy_keyword.TantivyKeywordIndex` and
:class:`index.milvus_backend.MilvusKeyword` are keyword engines;
:class:`index.vectors.VectorIndex` (faiss) and :class:`index.milvus_backend.MilvusVectors`
are vector engines. A new engine is one more class with these methods
(``tests/test_keyword_engines.py`` checks each against them).
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

__all__ = ["KeywordEngine", "VectorEngine"]


@runtime_checkable
class KeywordEngine(Protocol):
    def search(self, query: str, limit: int = 200) -> list[tuple[str, float]]:
        """(unit id, score), best first, ties in id order: the query analysed as the index was."""
        ...

    def search_terms(self, terms: list[str], limit: int = 200) -> list[tuple[str, float]]:
        """(unit id, score) for units holding any of these index terms, taken as they are; the
        score sums the idf (:func:`index.idf.idf`) of the terms a unit holds."""
        ...

    def terms(self, text: str) -> list[str]:
        """The index terms of ``text`` (the analyzer's tokens)."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class VectorEngine(Protocol):
    encoder_spec: str

    def check(self, encoder: Any) -> None:
        """Refuse an encoder other than the one that wrote the vectors."""
        ...

    def search(self, vector: Any, limit: int | None = None) -> list[tuple[str, float]]:
        """(unit id, similarity), best first, a unit by its best vector."""
        ...
